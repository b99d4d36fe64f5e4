import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "./language-switch";

/** Pages seen before or without signing in: the brand, the language switch, then the content. */
export async function PublicShell({
  children,
  chooseLocale,
  width = "max-w-lg",
}: {
  children: React.ReactNode;
  chooseLocale: (formData: FormData) => Promise<void>;
  width?: "max-w-md" | "max-w-lg";
}) {
  const t = await getTranslations("common");
  return (
    <>
      <header className={`mx-auto flex ${width} flex-wrap items-center justify-between gap-3 px-6 pt-6`}>
        <span className="text-lg font-bold text-brand-700">{t("brand")}</span>
        <LanguageSwitch action={chooseLocale} />
      </header>
      <main
        id="main"
        tabIndex={-1}
        className={`mx-auto flex min-h-[80vh] ${width} flex-col justify-center gap-6 px-6 py-10 focus:outline-none`}
      >
        {children}
      </main>
    </>
  );
}
