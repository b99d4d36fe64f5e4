import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AcceptInvitation } from "@/components/onboarding/accept-invitation";
import { ProvisioningProgress } from "@/components/onboarding/provisioning-progress";
import { auth } from "@/lib/auth/config";
import { parseId } from "@/lib/ids";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { provisioningStatus } from "@/lib/onboarding/status";
import { serverDeps } from "@/lib/platform/server";
import { acceptInvitationAction } from "./actions";

export async function generateMetadata() {
  return { title: (await getTranslations("onboarding"))("welcomeMetaTitle"), robots: { index: false, follow: false } };
}

/**
 * Where Authentik's enrollment (or the sign-in of someone who already had an account) comes
 * back to. The page only renders: the acceptance is posted by the form it shows, and then the
 * member's progress is shown (`?member=`), live from the job queue.
 */
export default async function OnboardingCompletePage({ searchParams }: { searchParams: Promise<{ member?: string }> }) {
  const { member } = await searchParams;
  const session = await auth();
  const memberId = parseId(member);
  const token = (await cookies()).get(ONBOARDING_COOKIE)?.value;
  if (!token && !memberId) redirect("/");
  if (!session?.user?.sub) redirect("/onboarding/sign-in");
  if (!memberId) return <AcceptInvitation action={acceptInvitationAction} />;
  const deps = serverDeps();
  const [status, t] = await Promise.all([
    provisioningStatus(deps.db, memberId, session.user.sub, deps.photos.loginUrl),
    getTranslations("onboarding"),
  ]);
  if (!status) notFound();
  return (
    <>
      <h1 className="text-3xl font-bold text-brand-700">{t("completeTitle", { family: status.familyName })}</h1>
      <ProvisioningProgress initial={status} />
    </>
  );
}
