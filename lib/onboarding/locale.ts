import "server-only";
import { headers } from "next/headers";
import { isLocale, pickLocale, type Locale } from "@/lib/mail/locale";

/** The invitee's language: their explicit pick (?lang=), else their browser, else the inviter's pick. */
export async function onboardingLocale(requested: string | undefined, inviterPick?: string): Promise<Locale> {
  if (isLocale(requested)) return requested;
  const acceptLanguage = (await headers()).get("accept-language");
  return acceptLanguage ? pickLocale(undefined, acceptLanguage) : pickLocale(inviterPick, undefined);
}
