"use client";

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
  const [state, formAction] = useActionState(action, initialActionState);
  const next = status === "active" ? "suspended" : "active";
  return (
    <form action={formAction} className="space-y-3">
      <FormStatus state={state} />
      <p className="text-sm text-stone-700">
        {status === "active"
          ? "Active. Suspending hides the tenant's families from their members in the portal; nothing is deleted in Immich or Authentik."
          : "Suspended: its members cannot use the portal. Resuming restores access."}
      </p>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="status" value={next} />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        {next === "suspended" ? "Suspend tenant" : "Resume tenant"}
      </SubmitButton>
    </form>
  );
}
