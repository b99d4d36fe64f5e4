import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { AcceptInvitation } from "@/components/onboarding/accept-invitation";
import { ProvisioningProgress } from "@/components/onboarding/provisioning-progress";
import { QueryProvider } from "@/components/providers/query-provider";
import { auth } from "@/lib/auth/config";
import { parseId } from "@/lib/ids";
import { fill, ONBOARDING_MESSAGES } from "@/lib/i18n/onboarding";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { onboardingLocale } from "@/lib/onboarding/locale";
import { provisioningStatus } from "@/lib/onboarding/status";
import { serverDeps } from "@/lib/platform/server";
import { acceptInvitationAction } from "./actions";

export const metadata: Metadata = { title: "Welcome", robots: { index: false, follow: false } };

/**
 * Where Authentik's enrollment (or the sign-in of someone who already had an account) comes
 * back to. The page only renders: the acceptance is posted by the form it shows, and then the
 * member's progress is shown (`?member=`), live from the job queue.
 */
export default async function OnboardingCompletePage({ searchParams }: { searchParams: Promise<{ lang?: string; member?: string }> }) {
  const { lang, member } = await searchParams;
  const session = await auth();
  const memberId = parseId(member);
  const token = (await cookies()).get(ONBOARDING_COOKIE)?.value;
  if (!token && !memberId) redirect("/");
  if (!session?.user?.sub) redirect("/onboarding/sign-in");
  const locale = await onboardingLocale(lang);
  const t = ONBOARDING_MESSAGES[locale];
  if (!memberId) {
    return (
      <main lang={locale} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-6 px-6">
        <AcceptInvitation
          action={acceptInvitationAction}
          labels={{ title: t.finishingTitle, body: t.finishingBody, button: t.finishButton }}
        />
      </main>
    );
  }
  const deps = serverDeps();
  const status = await provisioningStatus(deps.db, memberId, session.user.sub, deps.photos.loginUrl);
  if (!status) notFound();
  return (
    <main lang={locale} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold text-brand-700">{fill(t.completeTitle, { family: status.familyName })}</h1>
      <QueryProvider>
        <ProvisioningProgress initial={status} labels={t} />
      </QueryProvider>
    </main>
  );
}
