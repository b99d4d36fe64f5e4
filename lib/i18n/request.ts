import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { CATALOGUES } from "./catalogues";
import { FORMATS } from "./formats";
import { formattingLocale } from "./locales";
import { pickLocale } from "./negotiate";
import { DEFAULT_TIME_ZONE, LOCALE_COOKIE, TIME_ZONE_COOKIE, validTimeZone } from "./preferences";

/**
 * next-intl's per-request configuration: the person's pick (a cookie, set by the switch and
 * at sign-in from their profile), else the browser's Accept-Language, else English; their
 * browser's time zone once it has told us, else UTC.
 */
export default getRequestConfig(async () => {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale(jar.get(LOCALE_COOKIE)?.value, head.get("accept-language"));
  return {
    locale: formattingLocale(locale),
    messages: CATALOGUES[locale],
    timeZone: validTimeZone(jar.get(TIME_ZONE_COOKIE)?.value) ?? DEFAULT_TIME_ZONE,
    formats: FORMATS,
  };
});
