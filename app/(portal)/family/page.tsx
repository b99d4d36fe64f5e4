import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("family"))("metaTitle") };
}

export default async function FamiliesPage() {
  const viewer = await requireArea("family");
  if (viewer.memberships.length === 1) redirect(`/family/${viewer.memberships[0]!.familyId}`);
  const t = await getTranslations("family");
  return (
    <>
      <h1 className="text-2xl font-bold">{t("listTitle")}</h1>
      <Card>
        <ul className="space-y-2">
          {viewer.memberships.map((membership) => (
            <li key={membership.familyId}>
              <Link href={`/family/${membership.familyId}`} className="font-medium text-brand-700 underline">
                {membership.familyName}
              </Link>{" "}
              <span className="text-sm text-stone-600">{t("listItem", { tenant: membership.tenantName, role: membership.role })}</span>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
