"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { auth } from "@/lib/auth/config";
import { DomainError } from "@/lib/errors";
import { IntegrationError } from "@/lib/integrations/errors";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { acceptInvite } from "@/lib/onboarding/service";
import { render, type Translate } from "@/lib/i18n/translate";
import { logger } from "@/lib/observability/logger";
import { describeError } from "@/lib/platform/log";
import { serverDeps } from "@/lib/platform/server";

export interface AcceptState {
  error?: string;
}

/**
 * Accepts the invitation in the cookie for the signed-in person (idempotent), forgets the
 * token, and shows the member's progress. Posted by the page Authentik sends them back to.
 */
export async function acceptInvitationAction(): Promise<AcceptState> {
  const jar = await cookies();
  const token = jar.get(ONBOARDING_COOKIE)?.value;
  const session = await auth();
  if (!session?.user?.sub) redirect("/onboarding/sign-in");
  if (!token) redirect("/");
  let memberId: number;
  try {
    const member = await acceptInvite(
      { token, person: { sub: session.user.sub, email: session.user.email, name: session.user.name } },
      serverDeps(),
    );
    memberId = member.id;
  } catch (error) {
    const t = (await getTranslations()) as unknown as Translate;
    if (error instanceof DomainError) return { error: render(t, error.text) };
    logger("onboarding").error("accepting an invitation failed", {
      error: error instanceof IntegrationError ? error.message : describeError(error),
    });
    return { error: t("onboarding.identityDown") };
  }
  jar.delete(ONBOARDING_COOKIE);
  redirect(`/onboarding/complete?member=${memberId}`);
}
