"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

interface State {
  error?: string;
}

/** Posts the acceptance as soon as the page is shown (a button does it without JavaScript). */
export function AcceptInvitation({ action }: { action: (state: State) => Promise<State> }) {
  const t = useTranslations("onboarding");
  const [state, submit, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    form.current?.requestSubmit();
  }, []);
  if (state.error) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">{t("failedTitle")}</h1>
        <p role="alert" className="text-stone-700">
          {state.error}
        </p>
        <Link href="/" className="text-brand-700 underline">
          {t("goHome")}
        </Link>
      </div>
    );
  }
  return (
    <form ref={form} action={submit} className="space-y-4" aria-busy={pending}>
      <div role="status" aria-live="polite" className="space-y-2">
        <h1 className="text-2xl font-bold">{t("finishingTitle")}</h1>
        <p className="text-stone-700">{t("finishingBody")}</p>
      </div>
      <Button type="submit" disabled={pending}>
        {t("finishButton")}
      </Button>
    </form>
  );
}
