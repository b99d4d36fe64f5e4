"use client";

import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

const ROLE_LABELS: Record<string, string> = { admin: "Admin: manages members and invites", member: "Member", guest: "Guest" };

export function InviteForm({
  familyId,
  roles,
  quotaHint,
  action,
}: {
  familyId: number;
  roles: string[];
  quotaHint: string;
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [state, formAction] = useActionState(action, initialActionState);
  const emailErrors = state.fieldErrors?.emails;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="familyId" value={familyId} />
      <div className="space-y-1">
        <label htmlFor="invite-emails" className="block text-sm font-medium">
          E-mail addresses
        </label>
        <textarea
          id="invite-emails"
          name="emails"
          rows={2}
          key={state.ok ? "sent" : "draft"}
          defaultValue={state.ok ? "" : state.values?.emails}
          aria-invalid={emailErrors ? true : undefined}
          aria-describedby="invite-emails-hint invite-emails-error"
          className={`block w-full rounded-md border px-3 py-2 text-sm ${emailErrors ? "border-red-600" : "border-stone-300"}`}
        />
        <p id="invite-emails-hint" className="text-xs text-stone-500">
          One or several, separated by commas or new lines.
        </p>
        {emailErrors ? (
          <ul id="invite-emails-error" className="text-sm text-red-700">
            {emailErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium">
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            defaultValue={state.values?.role ?? "member"}
            className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role] ?? role}
              </option>
            ))}
          </select>
          {state.fieldErrors?.role ? <p className="text-sm text-red-700">{state.fieldErrors.role.join(" ")}</p> : null}
        </div>
        <Field
          name="quotaGb"
          label="Storage (GB, optional)"
          type="number"
          min={0}
          step="any"
          hint={quotaHint}
          defaultValue={state.values?.quotaGb}
          errors={state.fieldErrors?.quotaGb}
        />
        <div className="space-y-1">
          <label htmlFor="invite-locale" className="block text-sm font-medium">
            Language of the e-mail
          </label>
          <select
            id="invite-locale"
            name="locale"
            defaultValue={state.values?.locale ?? "en"}
            className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
          >
            <option value="en">English</option>
            <option value="it">Italiano</option>
          </select>
        </div>
      </div>
      <SubmitButton pendingLabel="Inviting…">Send invitations</SubmitButton>
    </form>
  );
}
