import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { render } from "@/lib/i18n/translate";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";

export async function generateMetadata() {
  const t = await getTranslations("operator");
  return { title: t("authentik.metaTitle") };
}

export default async function AuthentikSetupPage() {
  await requireArea("operator");
  const deps = serverDeps();
  const [items, t, translate] = await Promise.all([
    deps.identity.checkSetup({
      operatorGroup: deps.operatorGroup,
      supportGroup: deps.supportGroup,
      applicationSlug: deps.signIn.applicationSlug,
      callbackUrl: deps.signIn.callbackUrl,
    }),
    getTranslations("operator"),
    getTranslations(),
  ]);
  const missing = items.filter((item) => !item.ok).length;
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        {t("backToOperator")}
      </Link>
      <h1 className="text-2xl font-bold">{t("authentik.title")}</h1>
      <Card>
        <p className="mb-4 text-sm text-stone-700">{t("authentik.summary", { missing })}</p>
        <ul className="space-y-2" aria-label={t("authentik.objects")}>
          {items.map((item) => {
            const label = render(translate, item.label);
            const detail = render(translate, item.detail);
            return (
              <li key={label} className="flex gap-3 text-sm">
                <span
                  role="img"
                  aria-label={item.ok ? t("authentik.ok") : t("authentik.notOk")}
                  className={item.ok ? "text-emerald-700" : "text-red-700"}
                >
                  {item.ok ? "✔" : "✘"}
                </span>
                <span className="font-medium">{label}</span>
                <span className={item.ok ? "text-stone-600" : "text-red-700"}>{item.ok ? detail : t("authentik.missing", { detail })}</span>
              </li>
            );
          })}
        </ul>
      </Card>
    </>
  );
}
