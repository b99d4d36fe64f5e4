import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

/** The options of every language select: each language named in itself, marked with its `lang`. */
export function LocaleOptions() {
  return LOCALES.map((locale) => (
    <option key={locale} value={locale} lang={locale}>
      {LOCALE_NAMES[locale]}
    </option>
  ));
}
