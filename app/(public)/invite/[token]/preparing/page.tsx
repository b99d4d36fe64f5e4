import { getTranslations } from "next-intl/server";
import { EnrollmentPoller } from "@/components/onboarding/enrollment-poller";

export async function generateMetadata() {
  return { title: (await getTranslations("onboarding"))("preparingMetaTitle"), robots: { index: false, follow: false } };
}

export default function PreparingPage() {
  return <EnrollmentPoller />;
}
