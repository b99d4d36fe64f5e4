import { getTranslations } from "next-intl/server";
import { EnrollmentPoller } from "@/components/onboarding/enrollment-poller";
import { QueryProvider } from "@/components/providers/query-provider";

export async function generateMetadata() {
  return { title: (await getTranslations("onboarding"))("preparingMetaTitle"), robots: { index: false, follow: false } };
}

export default function PreparingPage() {
  return (
    <QueryProvider>
      <EnrollmentPoller />
    </QueryProvider>
  );
}
