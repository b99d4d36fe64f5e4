"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

/** A page that failed to render: said plainly, with a way to try again. The error itself stays in the server's log. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("pages.error");
  useEffect(() => {
    document.getElementById("error-title")?.focus();
  }, []);
  return (
    <main id="main" className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-4 px-6">
      <h1 id="error-title" tabIndex={-1} className="text-2xl font-bold focus:outline-none">
        {t("title")}
      </h1>
      <p className="text-stone-700">{t("body")}</p>
      <div className="flex flex-wrap gap-4">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t("retry")}
        </button>
        <Link href="/" className="self-center text-brand-700 underline">
          {t("home")}
        </Link>
      </div>
    </main>
  );
}
