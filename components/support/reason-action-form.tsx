"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { useNotice } from "@/components/forms/notice";
import { SubmitButton } from "@/components/forms/submit-button";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogTrigger } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { ReasonField } from "./reason-field";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A support action: the button opens a dialog that says what will happen and asks why; the
 * reason goes into the audit row (and, about a person, onto their own account page).
 */
export function ReasonActionForm({
  action,
  fields,
  label,
  title,
  explanation,
  confirmLabel,
  variant = "secondary",
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  label: string;
  title: string;
  explanation: string;
  confirmLabel: string;
  variant?: "primary" | "secondary";
}) {
  const t = useTranslations("support.reason");
  const notify = useNotice();
  const [open, setOpen] = useState(false);
  const [state, formAction] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result.ok) {
      setOpen(false);
      if (result.message) notify(result.message);
    }
    return result;
  }, initialActionState);
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger>
        <Button type="button" variant={variant}>
          {label}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent title={title} description={explanation}>
        <form action={formAction} className="space-y-4" noValidate>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <ReasonField state={state} />
          {state.error ? (
            <p role="alert" className="text-sm text-red-700">
              {state.error}
            </p>
          ) : null}
          <div className="flex flex-wrap justify-end gap-2">
            <AlertDialogCancel>
              <Button type="button" variant="secondary">
                {t("cancel")}
              </Button>
            </AlertDialogCancel>
            <SubmitButton pendingLabel={t("working")}>{confirmLabel}</SubmitButton>
          </div>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}
