"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

function Answer({ state, id }: { state: ActionState; id?: string }) {
  if (state.error || state.fieldErrors) {
    return (
      <span id={id} role="alert" className="text-sm text-red-700">
        {state.error ??
          Object.values(state.fieldErrors ?? {})
            .flat()
            .join(" ")}
      </span>
    );
  }
  return state.ok ? (
    <span role="status" className="text-sm text-emerald-700">
      {state.message}
    </span>
  ) : null;
}

export function RoleForm({
  familyId,
  memberId,
  name,
  role,
  roles,
  action,
}: {
  familyId: number;
  memberId: number;
  name: string;
  role: string;
  roles: string[];
  action: FormAction;
}) {
  const t = useTranslations("family.manage");
  const tc = useTranslations("common.roles");
  const [state, formAction] = useActionState(action, initialActionState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="familyId" value={familyId} />
      <input type="hidden" name="memberId" value={memberId} />
      <label className="sr-only" htmlFor={`role-${memberId}`}>
        {t("roleOf", { name })}
      </label>
      <select
        // Re-mounted with the saved role: the select never shows a stale one after a change.
        key={role}
        id={`role-${memberId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-stone-300 px-2 py-1 text-sm"
      >
        {roles.map((option) => (
          <option key={option} value={option}>
            {tc(option as "owner" | "admin" | "member" | "guest")}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" pendingLabel={t("saving")}>
        {t("changeRole")}
      </SubmitButton>
      <Answer state={state} />
    </form>
  );
}

export function QuotaForm({
  familyId,
  memberId,
  name,
  quotaGb,
  action,
}: {
  familyId: number;
  memberId: number;
  name: string;
  quotaGb: number | null;
  action: FormAction;
}) {
  const t = useTranslations("family.manage");
  const [state, formAction] = useActionState(action, initialActionState);
  const invalid = Boolean(state.error || state.fieldErrors);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="familyId" value={familyId} />
      <input type="hidden" name="memberId" value={memberId} />
      <label className="sr-only" htmlFor={`quota-${memberId}`}>
        {t("storageOf", { name })}
      </label>
      <input
        id={`quota-${memberId}`}
        name="quotaGb"
        type="number"
        min={0}
        step="any"
        required
        key={quotaGb ?? "none"}
        defaultValue={quotaGb ?? ""}
        placeholder={quotaGb === null ? t("noLimit") : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `quota-${memberId}-answer` : undefined}
        className="w-24 rounded-md border border-stone-300 px-2 py-1 text-sm"
      />
      <span className="text-sm">{t("gb")}</span>
      <SubmitButton variant="secondary" pendingLabel={t("saving")}>
        {t("setStorage")}
      </SubmitButton>
      <Answer state={state} id={`quota-${memberId}-answer`} />
    </form>
  );
}
