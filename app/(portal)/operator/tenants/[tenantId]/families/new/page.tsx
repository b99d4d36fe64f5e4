import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { createFamilyFormAction } from "@/app/(portal)/operator/actions";
import { NewFamilyForm } from "@/components/operator/new-family-form";
import { Card } from "@/components/ui/card";
import { parseId } from "@/lib/ids";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { bytesToGb } from "@/lib/storage/bytes";
import { getTenantForOperator } from "@/lib/tenants/queries";

export async function generateMetadata() {
  return { title: (await getTranslations("operator"))("newFamily.metaTitle") };
}

export default async function NewFamilyPage({ params }: { params: Promise<{ tenantId: string }> }) {
  await requireArea("operator");
  const id = parseId((await params).tenantId);
  if (!id) notFound();
  const [tenant, t] = await Promise.all([getTenantForOperator(serverDeps().db, id), getTranslations("operator")]);
  if (!tenant) notFound();
  return (
    <>
      <Link href={`/operator/tenants/${tenant.id}`} className="text-sm text-brand-700 underline">
        {t("newFamily.back", { tenant: tenant.displayName })}
      </Link>
      <h1 className="text-2xl font-bold">{t("newFamily.title")}</h1>
      <Card>
        <p className="mb-4 text-sm text-stone-700">{t("newFamily.intro")}</p>
        <NewFamilyForm
          action={createFamilyFormAction}
          tenantId={tenant.id}
          defaults={{ storageGb: bytesToGb(tenant.defaultFamilyStorageBytes) ?? 0, seatLimit: tenant.seatLimit }}
        />
      </Card>
    </>
  );
}
