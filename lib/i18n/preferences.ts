/** The cookies that remember a person's language and time zone on this browser. */
export const LOCALE_COOKIE = "castello-locale";
export const TIME_ZONE_COOKIE = "castello-tz";
export const PREFERENCE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365;
export const DEFAULT_TIME_ZONE = "UTC";

let zones: Set<string> | undefined;

/** An IANA zone this runtime knows ("Europe/Rome"), else undefined: a cookie is input. */
export function validTimeZone(value: string | undefined | null): string | undefined {
  if (!value || value.length > 64) return undefined;
  zones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return zones.has(value) ? value : undefined;
}
