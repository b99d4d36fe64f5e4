import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { changeFamilySettingsAction, changeSharingModeAction, closeFamilyAction } from "@/app/(portal)/family/actions";
import { SharingModeCard } from "@/components/family/sharing-mode-card";
import { CloseFamilyForm } from "@/components/family/close-family-form";
import { FAMILY_RESTORE_DAYS } from "@/lib/families/closing";
import { FamilySettingsForm } from "@/components/family/family-settings-form";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { getFamilyOverview } from "@/lib/families/queries";
import { parseId } from "@/lib/ids";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";

export async function generateMetadata() {
  return { title: (await getTranslations("family"))("settings.metaTitle") };
}

/** The owner's settings of their family; others find nothing here. */
export default async function FamilySettingsPage({ params }: { params: Promise<{ familyId: string }> }) {
  const viewer = await requireArea("family");
  const familyId = parseId((await params).familyId);
  const membership = viewer.memberships.find((candidate) => candidate.familyId === familyId);
  if (!familyId || !membership || !can(membership.role, "family.settings")) notFound();
  const [family, t] = await Promise.all([getFamilyOverview(serverDeps().db, familyId), getTranslations("family")]);
  if (!family) notFound();
  return (
    <>
      <Link href={`/family/${family.id}`} className="text-sm text-brand-700 underline">
        {t("settings.back", { family: family.name })}
      </Link>
      <h1 className="text-2xl font-bold">{t("settings.title")}</h1>
      <Card>
        <FamilySettingsForm
          action={changeFamilySettingsAction}
          initial={{
            familyId: family.id,
            name: family.name,
            defaultLocale: family.defaultLocale,
            immichRemovalPolicy: family.immichRemovalPolicy,
          }}
        />
      </Card>
      <SharingModeCard action={changeSharingModeAction} family={family} />
      <Card title={t("close.title")}>
        <CloseFamilyForm
          action={closeFamilyAction}
          familyId={family.id}
          explanation={t("close.explanation", { family: family.name, days: FAMILY_RESTORE_DAYS, policy: family.immichRemovalPolicy })}
        />
      </Card>
    </>
  );
}
