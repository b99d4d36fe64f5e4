import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { requireViewer } from "@/lib/platform/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("pages.staffUnavailable"))("metaTitle") };
}

/** Where a staff area sends its people while Authentik cannot confirm their groups: closed, and why. */
export default async function StaffUnavailablePage() {
  const viewer = await requireViewer();
  const t = await getTranslations("pages.staffUnavailable");
  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <Card>
        <p role="alert" className="text-stone-700">
          {t("body")}
        </p>
        {viewer.areas.includes("family") ? (
          <p className="mt-3 text-sm">
            {t.rich("familyUnaffected", {
              link: (chunks) => (
                <Link href="/family" className="text-brand-700 underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : null}
      </Card>
    </>
  );
}
