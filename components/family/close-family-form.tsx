"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Closing the family: what happens, said first; then the family's name typed out to confirm. */
export function CloseFamilyForm({ action, familyId, explanation }: { action: FormAction; familyId: number; explanation: string }) {
  const t = useTranslations("family.close");
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <p className="text-sm text-stone-700">{explanation}</p>
      <input type="hidden" name="familyId" value={familyId} />
      <Field name="confirm" label={t("confirmLabel")} autoComplete="off" errors={state.fieldErrors?.confirm} required />
      <SubmitButton pendingLabel={t("closing")}>{t("button")}</SubmitButton>
    </form>
  );
}
