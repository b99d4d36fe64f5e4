import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ProvisioningProgress } from "@/components/onboarding/provisioning-progress";
import { QueryProvider } from "@/components/providers/query-provider";
import { auth } from "@/lib/auth/config";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { fill, ONBOARDING_MESSAGES } from "@/lib/i18n/onboarding";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { onboardingLocale } from "@/lib/onboarding/locale";
import { acceptInvite } from "@/lib/onboarding/service";
import { provisioningStatus } from "@/lib/onboarding/status";
import { getAuthentik } from "@/lib/server/integrations";

export const metadata: Metadata = { title: "Welcome", robots: { index: false, follow: false } };

function Problem({ message }: { message: string }) {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-bold">We could not complete your invitation</h1>
      <p role="alert" className="text-stone-700">
        {message}
      </p>
      <Link href="/" className="text-brand-700 underline">
        Go to Castello
      </Link>
    </main>
  );
}

/**
 * Where Authentik's enrollment (or the sign-in of someone who already had an account) comes
 * back to. Accepting is idempotent, so a reload shows the same progress.
 */
export default async function OnboardingCompletePage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const token = (await cookies()).get(ONBOARDING_COOKIE)?.value;
  const session = await auth();
  if (!token) redirect(session ? "/" : "/");
  if (!session?.user?.sub) redirect("/onboarding/sign-in");
  const person = { sub: session.user.sub, email: session.user.email, name: session.user.name };

  let member;
  try {
    member = await acceptInvite({ token, person }, { db: getDb(), authentik: getAuthentik() });
  } catch (error) {
    if (error instanceof DomainError) return <Problem message={error.message} />;
    return <Problem message="Authentik is not answering right now. Reload this page in a minute: nothing is lost." />;
  }
  const status = await provisioningStatus(getDb(), member.id, person.sub);
  const locale = await onboardingLocale((await searchParams).lang);
  const t = ONBOARDING_MESSAGES[locale];
  return (
    <main lang={locale} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold text-brand-700">{fill(t.completeTitle, { family: status!.familyName })}</h1>
      <QueryProvider>
        <ProvisioningProgress initial={status!} labels={t} />
      </QueryProvider>
    </main>
  );
}
