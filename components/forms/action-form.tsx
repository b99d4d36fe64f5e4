"use client";

import { useActionState, useState } from "react";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogTrigger } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { useNotice } from "./notice";
import { SubmitButton } from "./submit-button";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** What a destructive action asks before it runs: what will happen, and the words of both buttons. */
export interface Confirmation {
  title: string;
  explanation: string;
  confirmLabel: string;
  cancelLabel: string;
}

function Hidden({ fields }: { fields: Record<string, string | number> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

function Answer({ state }: { state: ActionState }) {
  if (!state.error && !state.fieldErrors) return null;
  return (
    <span role="alert" className="text-sm text-red-700">
      {state.error ??
        Object.values(state.fieldErrors ?? {})
          .flat()
          .join(" ")}
    </span>
  );
}

/**
 * A one-button form for a server action (resend, revoke, remove...) with the action's answer
 * next to the button. With `confirm`, the button opens a dialog that says what will happen;
 * only its confirm button posts the form.
 */
export function ActionForm({
  action,
  fields,
  label,
  pendingLabel,
  variant = "secondary",
  confirm,
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  confirm?: Confirmation;
}) {
  const notify = useNotice();
  const [open, setOpen] = useState(false);
  // Success is announced page-wide: this form may be gone once the page refreshes.
  const [state, formAction] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    setOpen(false);
    if (result.ok && result.message) notify(result.message);
    return result;
  }, initialActionState);

  if (!confirm) {
    return (
      <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
        <Hidden fields={fields} />
        <SubmitButton variant={variant} pendingLabel={pendingLabel}>
          {label}
        </SubmitButton>
        <Answer state={state} />
      </form>
    );
  }
  return (
    <div className="inline-flex flex-wrap items-center gap-2">
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogTrigger>
          <Button type="button" variant={variant}>
            {label}
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent title={confirm.title} description={confirm.explanation}>
          <form action={formAction} className="flex flex-wrap justify-end gap-2">
            <Hidden fields={fields} />
            <AlertDialogCancel>
              <Button type="button" variant="secondary">
                {confirm.cancelLabel}
              </Button>
            </AlertDialogCancel>
            <SubmitButton pendingLabel={pendingLabel}>{confirm.confirmLabel}</SubmitButton>
          </form>
        </AlertDialogContent>
      </AlertDialog>
      <Answer state={state} />
    </div>
  );
}
