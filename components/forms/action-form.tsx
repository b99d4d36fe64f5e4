"use client";

import { useActionState } from "react";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { useNotice } from "./notice";
import { SubmitButton } from "./submit-button";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/**
 * A one-button form for a server action (resend, revoke, remove...): hidden fields, an
 * optional explanation of what will happen, and the action's answer next to the button.
 */
export function ActionForm({
  action,
  fields,
  label,
  pendingLabel,
  variant = "secondary",
  explanation,
}: {
  action: FormAction;
  fields: Record<string, string | number>;
  label: string;
  pendingLabel: string;
  variant?: "primary" | "secondary";
  explanation?: string;
}) {
  const notify = useNotice();
  // Success is announced page-wide: this form may be gone once the page refreshes.
  const [state, formAction] = useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result.ok && result.message) notify(result.message);
    return result;
  }, initialActionState);
  return (
    <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {explanation ? <p className="w-full text-xs text-stone-600">{explanation}</p> : null}
      <SubmitButton variant={variant} pendingLabel={pendingLabel}>
        {label}
      </SubmitButton>
      {state.error || state.fieldErrors ? (
        <span role="alert" className="text-sm text-red-700">
          {state.error ??
            Object.values(state.fieldErrors ?? {})
              .flat()
              .join(" ")}
        </span>
      ) : null}
    </form>
  );
}
