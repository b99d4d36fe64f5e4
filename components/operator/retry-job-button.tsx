"use client";

import { useTranslations } from "next-intl";
import { ActionForm } from "@/components/forms/action-form";
import type { ActionState } from "@/lib/actions/action-state";

export function RetryJobButton({
  jobId,
  action,
}: {
  jobId: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const t = useTranslations("operator");
  return <ActionForm action={action} fields={{ jobId }} label={t("jobQueue.retry")} pendingLabel={t("jobQueue.retrying")} />;
}
