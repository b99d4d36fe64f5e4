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
 * At sign-in: the profile's language follows the person to this browser; a pick made on
 * this browser before signing in (an invitee on the invite page) becomes the profile's.
 */
export async function syncLocaleAtSignIn(db: Executor, sub: string): Promise<void> {
  const saved = await preferredLocale(db, sub);
  if (saved) return setLocaleCookie(saved);
  const picked = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(picked)) await rememberLocale(db, sub, picked);
}
