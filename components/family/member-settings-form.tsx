"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useNotice } from "@/components/forms/notice";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** An error stays next to its form; a success is said once, in the page's notice (they do not pile up). */
function Answer({ state, id }: { state: ActionState; id?: string }) {
  if (!state.error && !state.fieldErrors) return null;
  return (
    <span id={id} role="alert" className="text-sm text-red-700">
      {state.error ??
        Object.values(state.fieldErrors ?? {})
          .flat()
          .join(" ")}
    </span>
  );
}

function useNoticedAction(action: FormAction) {
  const notify = useNotice();
  return useActionState(async (previous: ActionState, formData: FormData) => {
    const result = await action(previous, formData);
    if (result.ok && result.message) notify(result.message);
    return result;
  }, initialActionState);
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
  const [state, formAction] = useNoticedAction(action);
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
  const [state, formAction] = useNoticedAction(action);
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
