import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { landingPath } from "@/lib/auth/roles";
import { requireViewer } from "@/lib/platform/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("pages.noAccess"))("metaTitle") };
}

export default async function NoAccessPage() {
  const viewer = await requireViewer();
  if (viewer.areas.length > 0) redirect(landingPath(viewer.areas));
  const t = await getTranslations("pages.noAccess");
  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Card>
        <p className="text-stone-700">{t("body", { email: viewer.email })}</p>
      </Card>
    </>
  );
}
