"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export function TenantStatusForm({
  tenantId,
  status,
  action,
}: {
  tenantId: number;
  status: "active" | "suspended";
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const t = useTranslations("operator");
  const [state, formAction] = useActionState(action, initialActionState);
  const next = status === "active" ? "suspended" : "active";
  return (
    <form action={formAction} className="space-y-3">
      <FormStatus state={state} />
      <p className="text-sm text-stone-700">
        {status === "active" ? t("statusForm.activeExplanation") : t("statusForm.suspendedExplanation")}
      </p>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="status" value={next} />
      <SubmitButton variant="secondary" pendingLabel={t("statusForm.saving")}>
        {next === "suspended" ? t("statusForm.suspend") : t("statusForm.resume")}
      </SubmitButton>
    </form>
  );
}
