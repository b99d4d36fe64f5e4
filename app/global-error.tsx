"use client";

import { useEffect, useState } from "react";
import { createTranslator } from "use-intl/core";
import de from "@/messages/de/pages.json" with { type: "json" };
import en from "@/messages/en/pages.json" with { type: "json" };
import fr from "@/messages/fr/pages.json" with { type: "json" };
import it from "@/messages/it/pages.json" with { type: "json" };
import nl from "@/messages/nl/pages.json" with { type: "json" };
import { LOCALE_COOKIE } from "@/lib/i18n/preferences";
import { formattingLocale, isLocale, localeOfTag, type Locale } from "@/lib/i18n/locales";
import "./globals.css";

const PAGES = { en, it, de, fr, nl };

function pickedLocale(): Locale | undefined {
  if (typeof document === "undefined") return undefined;
  const cookie = new RegExp(`${LOCALE_COOKIE}=(\\w+)`).exec(document.cookie)?.[1];
  return isLocale(cookie) ? cookie : undefined;
}

/** Until the browser's languages are matched: the page's own language, which the server chose from them. */
function firstLocale(): Locale {
  return pickedLocale() ?? (typeof document === "undefined" ? "en" : localeOfTag(document.documentElement.lang));
}

/**
 * When the root layout itself fails there is no request config and no provider: the page
 * picks its language in the browser (the switch's cookie, else the browser's languages).
 * The matcher is loaded only then, so it is not part of every page's first load.
 */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [locale, setLocale] = useState(firstLocale);
  useEffect(() => {
    if (pickedLocale()) return;
    let current = true;
    void import("@/lib/i18n/negotiate").then(({ negotiateLocale }) => {
      if (current) setLocale(negotiateLocale(navigator.languages.join(",")));
    });
    return () => {
      current = false;
    };
  }, []);
  const t = createTranslator({ locale: formattingLocale(locale), messages: PAGES[locale], namespace: "error" });
  return (
    <html lang={formattingLocale(locale)}>
      <body className="min-h-screen">
        <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6">
          <h1 className="text-2xl font-bold">{t("title")}</h1>
          <p className="text-stone-700">{t("body")}</p>
          <button type="button" onClick={reset} className="self-start rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
            {t("retry")}
          </button>
        </main>
      </body>
    </html>
  );
}
