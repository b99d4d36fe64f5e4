"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { ReasonField } from "./reason-field";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Before support sees an account: why. The answer is audited and shown to the person. */
export function OpenReviewForm({
  action,
  fields,
  explanation,
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  explanation: string;
}) {
  const t = useTranslations("support.reason");
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <p className="text-sm text-stone-700">{explanation}</p>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ReasonField state={state} />
      <SubmitButton pendingLabel={t("opening")}>{t("open")}</SubmitButton>
    </form>
  );
}
