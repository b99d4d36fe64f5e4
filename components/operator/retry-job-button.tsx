"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export function RetryJobButton({ jobId, action }: { jobId: string; action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="inline-flex items-center gap-2">
      <input type="hidden" name="jobId" value={jobId} />
      <SubmitButton variant="secondary" pendingLabel="Retrying…">
        Retry
      </SubmitButton>
      {state.error ? <span className="text-sm text-red-700">{state.error}</span> : null}
      {state.ok ? <span className="text-sm text-emerald-700">{state.message}</span> : null}
    </form>
  );
}
