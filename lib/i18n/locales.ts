import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";

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

/** The best of our languages for an Accept-Language header (q-values, regions: "de-AT" → de), else English. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { "accept-language": acceptLanguage.slice(0, 1000) } })
    .languages()
    .filter((tag) => tag !== "*" && isWellFormed(tag));
  if (requested.length === 0) return DEFAULT_LOCALE;
  return localeOfTag(match(requested, LOCALES, DEFAULT_LOCALE, { algorithm: "best fit" }));
}

/** An explicit pick wins, then the browser's preferences, then English. */
export function pickLocale(preferred: string | undefined | null, acceptLanguage: string | null | undefined): Locale {
  return isLocale(preferred) ? preferred : negotiateLocale(acceptLanguage);
}

function isWellFormed(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}
