"use client";

import { ActionForm } from "@/components/forms/action-form";
import type { ActionState } from "@/lib/actions/action-state";

export function RetryJobButton({
  jobId,
  action,
}: {
  jobId: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  return <ActionForm action={action} fields={{ jobId }} label="Retry" pendingLabel="Retrying…" />;
}
