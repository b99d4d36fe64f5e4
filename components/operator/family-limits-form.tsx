"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function FamilyLimitsForm({
  action,
  initial,
}: {
  action: FormAction;
  initial: { familyId: number; storageGb: number; seatLimit: number };
}) {
  const t = useTranslations("operator.family");
  const [state, formAction] = useActionState(action, initialActionState);
  const value = (name: "storageGb" | "seatLimit") => state.values?.[name] ?? String(initial[name]);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="familyId" value={initial.familyId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          key={`storage-${value("storageGb")}`}
          name="storageGb"
          label={t("storage")}
          type="number"
          min={0}
          step="any"
          defaultValue={value("storageGb")}
          errors={state.fieldErrors?.storageGb}
          required
        />
        <Field
          key={`seats-${value("seatLimit")}`}
          name="seatLimit"
          label={t("seats")}
          type="number"
          min={1}
          step={1}
          defaultValue={value("seatLimit")}
          errors={state.fieldErrors?.seatLimit}
          required
        />
      </div>
      <p className="text-xs text-stone-600">{t("limitsHint")}</p>
      <SubmitButton pendingLabel={t("saving")}>{t("saveLimits")}</SubmitButton>
    </form>
  );
}
