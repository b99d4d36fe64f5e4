"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { Suspense } from "react";
import { localeOfTag } from "@/lib/i18n/locales";
import { LocaleOptions } from "@/components/forms/locale-options";

/**
 * The language switch: a select and a button (no change on select alone: WCAG 3.2.2), posted
 * to a server action, so it works before JavaScript loads and before sign-in.
 */
export function LanguageSwitch({ action }: { action: (formData: FormData) => Promise<void> }) {
  const pathname = usePathname();
  return (
    <Suspense fallback={<SwitchForm action={action} returnTo={pathname} />}>
      <WithQuery action={action} pathname={pathname} />
    </Suspense>
  );
}

function WithQuery({ action, pathname }: { action: (formData: FormData) => Promise<void>; pathname: string }) {
  const query = useSearchParams().toString();
  return <SwitchForm action={action} returnTo={query ? `${pathname}?${query}` : pathname} />;
}

function SwitchForm({ action, returnTo }: { action: (formData: FormData) => Promise<void>; returnTo: string }) {
  const t = useTranslations("common.language");
  const current = localeOfTag(useLocale());
  return (
    <form action={action} className="flex items-center gap-2 text-sm">
      <input type="hidden" name="returnTo" value={returnTo} />
      <label htmlFor="language-switch" className="sr-only">
        {t("label")}
      </label>
      <select
        id="language-switch"
        name="locale"
        defaultValue={current}
        className="rounded-md border border-stone-400 bg-white px-2 py-1.5 text-sm"
      >
        <LocaleOptions />
      </select>
      <button
        type="submit"
        className="rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 underline ring-1 ring-stone-300 hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        {t("change")}
      </button>
    </form>
  );
}
