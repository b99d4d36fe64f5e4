"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** A recovery link is shown once, to the agent who asked for it, when they press the button. */
export function RevealLinkForm({ action, sub, linkId }: { action: FormAction; sub: string; linkId: number }) {
  const t = useTranslations("support.recovery");
  const [state, formAction] = useActionState(action, initialActionState);
  if (state.ok && state.message) {
    return (
      <p role="status" className="rounded-md bg-amber-50 p-3 text-sm break-all text-amber-900">
        {state.message}
      </p>
    );
  }
  return (
    <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="sub" value={sub} />
      <input type="hidden" name="linkId" value={linkId} />
      <SubmitButton pendingLabel={t("revealing")}>{t("reveal")}</SubmitButton>
      {state.error ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
