import Link from "next/link";
import type { Locale } from "@/lib/mail/locale";

const NAMES: Record<Locale, string> = { en: "English", it: "Italiano" };

export function LanguageSwitch({ current, label, basePath }: { current: Locale; label: string; basePath: string }) {
  return (
    <nav aria-label={label} className="flex gap-2 text-sm">
      {(Object.keys(NAMES) as Locale[]).map((locale) =>
        locale === current ? (
          <span key={locale} aria-current="true" lang={locale} className="rounded bg-stone-200 px-2 py-1 font-semibold">
            {NAMES[locale]}
          </span>
        ) : (
          <Link
            key={locale}
            href={`${basePath}?lang=${locale}`}
            lang={locale}
            hrefLang={locale}
            className="rounded px-2 py-1 text-brand-700 underline"
          >
            {NAMES[locale]}
          </Link>
        ),
      )}
    </nav>
  );
}
