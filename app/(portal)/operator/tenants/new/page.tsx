import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { registerTenantFormAction } from "@/app/(portal)/operator/actions";
import { TenantForm } from "@/components/operator/tenant-form";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";

export async function generateMetadata() {
  const t = await getTranslations("operator");
  return { title: t("newTenant.metaTitle") };
}

export default async function NewTenantPage() {
  await requireArea("operator");
  const t = await getTranslations("operator");
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        {t("backToOperator")}
      </Link>
      <h1 className="text-2xl font-bold">{t("newTenant.title")}</h1>
      <Card>
        <p className="mb-4 text-sm text-stone-600">{t("newTenant.intro")}</p>
        <TenantForm action={registerTenantFormAction} />
      </Card>
    </>
  );
}
