import "server-only";
import { cookies } from "next/headers";
import type { Executor } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { preferredLocale, rememberLocale } from "./service";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { LOCALE_COOKIE, PREFERENCE_COOKIE_MAX_AGE } from "@/lib/i18n/preferences";

export async function setLocaleCookie(locale: Locale): Promise<void> {
  (await cookies()).set(LOCALE_COOKIE, locale, {
    sameSite: "lax",
    secure: getEnv().AUTH_URL.startsWith("https://"),
    path: "/",
    maxAge: PREFERENCE_COOKIE_MAX_AGE,
  });
}

/**
 * At sign-in: a language picked on this browser (the switch's cookie: an invitee on the
 * invite page, anyone on the start page) is the latest choice and becomes the profile's; on a
 * browser with no pick, the profile's language follows the person.
 */
export async function syncLocaleAtSignIn(db: Executor, sub: string): Promise<void> {
  const picked = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(picked)) return rememberLocale(db, sub, picked);
  const saved = await preferredLocale(db, sub);
  if (saved) await setLocaleCookie(saved);
}
