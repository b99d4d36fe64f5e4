/** The languages Castello is written in; the codes are stored in cookies, profiles, families and invites. */
export const LOCALES = ["en", "it", "de", "fr", "nl"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  it: "Italiano",
  de: "Deutsch",
  fr: "Français",
  nl: "Nederlands",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The BCP 47 tag dates and numbers are formatted with. English is British English: its
 * readers are European ("8 December 2026", 24-hour clock), not American.
 */
export function formattingLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale;
}

/** "en-GB" → "en": the catalogue a formatting tag belongs to. */
export function localeOfTag(tag: string): Locale {
  const language = tag.toLowerCase().split(/[-_]/)[0];
  return isLocale(language) ? language : DEFAULT_LOCALE;
}
