import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { Area } from "@/lib/auth/roles";
import { LanguageSwitch } from "./language-switch";
import { SignOutButton } from "./sign-out-button";

export async function PortalHeader({
  name,
  areas,
  signOut,
  chooseLocale,
}: {
  name: string;
  areas: Area[];
  signOut: () => Promise<void>;
  chooseLocale: (formData: FormData) => Promise<void>;
}) {
  const t = await getTranslations("common");
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-bold text-brand-700">
          {t("brand")}
        </Link>
        <nav aria-label={t("header.areas")} className="flex flex-wrap gap-3 text-sm">
          {areas.map((area) => (
            <Link key={area} href={`/${area}`} className="rounded px-2 py-1 underline-offset-2 hover:bg-stone-100 hover:underline">
              {t(`areas.${area}`)}
            </Link>
          ))}
          <Link href="/account" className="rounded px-2 py-1 underline-offset-2 hover:bg-stone-100 hover:underline">
            {t("header.account")}
          </Link>
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
          <span>{t("header.signedInAs", { name })}</span>
          <LanguageSwitch action={chooseLocale} />
          <SignOutButton action={signOut} label={t("header.signOut")} />
        </div>
      </div>
    </header>
  );
}
