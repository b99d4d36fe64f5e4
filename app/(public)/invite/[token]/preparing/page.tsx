import type { Metadata } from "next";
import { EnrollmentPoller } from "@/components/onboarding/enrollment-poller";
import { QueryProvider } from "@/components/providers/query-provider";
import { ONBOARDING_MESSAGES } from "@/lib/i18n/onboarding";
import { onboardingLocale } from "@/lib/onboarding/locale";

export const metadata: Metadata = { title: "Preparing your account", robots: { index: false, follow: false } };

export default async function PreparingPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const locale = await onboardingLocale((await searchParams).lang);
  const t = ONBOARDING_MESSAGES[locale];
  return (
    <main lang={locale} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 px-6">
      <QueryProvider>
        <EnrollmentPoller title={t.preparing} body={t.preparingBody} />
      </QueryProvider>
    </main>
  );
}
