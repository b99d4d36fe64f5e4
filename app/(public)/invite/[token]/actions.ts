"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { INVITE_TOKEN_PATTERN } from "@/lib/invites/tokens";
import { ONBOARDING_COOKIE, ONBOARDING_COOKIE_MAX_AGE } from "@/lib/onboarding/cookie";
import { enrollmentInvitation } from "@/lib/onboarding/service";
import { serverDeps } from "@/lib/platform/server";

async function rememberToken(token: string) {
  (await cookies()).set(ONBOARDING_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().AUTH_URL.startsWith("https://"),
    path: "/",
    maxAge: ONBOARDING_COOKIE_MAX_AGE,
  });
}

/** "Create my account": into the identity provider's enrollment with this invitation (re-created first if needed). */
export async function startEnrollment(formData: FormData): Promise<void> {
  const token = String(formData.get("token") ?? "");
  if (!INVITE_TOKEN_PATTERN.test(token)) redirect("/");
  await rememberToken(token);
  const deps = serverDeps();
  let invitation: string | null;
  try {
    invitation = await enrollmentInvitation(token, deps);
  } catch (error) {
    if (error instanceof DomainError) redirect(`/invite/${token}`);
    // The identity provider is unreachable: the preparing page waits and retries.
    invitation = null;
  }
  if (!invitation) redirect(`/invite/${token}/preparing`);
  redirect(deps.identity.enrollmentUrl(invitation));
}

/** "I already have an account": sign in, then accept on /onboarding/complete. */
export async function signInToAccept(formData: FormData): Promise<void> {
  const token = String(formData.get("token") ?? "");
  if (!INVITE_TOKEN_PATTERN.test(token)) redirect("/");
  await rememberToken(token);
  await signIn("authentik", { redirectTo: "/onboarding/complete" });
}
