/**
 * Which of our languages a request gets. Kept apart from locales.ts, which the browser loads
 * on every page: the header parser and the matcher's CLDR data are about 9 kB of gzipped
 * JavaScript that only the server, and the root error page once it is shown, need.
 */
import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, localeOfTag, type Locale } from "./locales";

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
