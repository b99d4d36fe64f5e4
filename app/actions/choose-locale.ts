"use server";

import { redirect } from "next/navigation";
import { auth } from "@/lib/auth/config";
import { setLocaleCookie } from "@/lib/profiles/locale-cookie";
import { isLocale } from "@/lib/i18n/locales";
import { safeReturnPath } from "@/lib/i18n/return-path";
import { serverDeps } from "@/lib/platform/server";
import { rememberLocale } from "@/lib/profiles/service";

/** The language switch: remembered on this browser and, for a signed-in person, in their profile. */
export async function chooseLocale(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  const returnTo = safeReturnPath(formData.get("returnTo"));
  if (!isLocale(locale)) redirect(returnTo);
  await setLocaleCookie(locale);
  const sub = (await auth())?.user?.sub;
  if (sub) await rememberLocale(serverDeps().db, sub, locale);
  redirect(returnTo);
}
