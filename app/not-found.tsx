import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PublicShell } from "@/components/layout/public-shell";
import { chooseLocale } from "@/app/actions/choose-locale";

export async function generateMetadata() {
  return { title: (await getTranslations("pages.notFound"))("metaTitle") };
}

export default async function NotFound() {
  const t = await getTranslations("pages.notFound");
  return (
    <PublicShell chooseLocale={chooseLocale}>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-stone-700">{t("body")}</p>
      <Link href="/" className="text-brand-700 underline">
        {t("home")}
      </Link>
    </PublicShell>
  );
}
