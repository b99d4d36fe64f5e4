"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { LocaleOptions } from "@/components/forms/locale-options";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** An operator's "New family": the family and its owner's invitation, in one step. */
export function NewFamilyForm({
  action,
  tenantId,
  defaults,
}: {
  action: FormAction;
  tenantId: number;
  defaults: { storageGb: number; seatLimit: number };
}) {
  const t = useTranslations("operator.newFamily");
  const [state, formAction] = useActionState(action, initialActionState);
  const localeErrors = state.fieldErrors?.ownerLocale;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="tenantId" value={tenantId} />
      <Field name="name" label={t("name")} defaultValue={state.values?.name} errors={state.fieldErrors?.name} required maxLength={100} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="storageGb"
          label={t("storage")}
          hint={t("storageHint", { gb: defaults.storageGb })}
          type="number"
          min={0}
          step="any"
          defaultValue={state.values?.storageGb}
          errors={state.fieldErrors?.storageGb}
        />
        <Field
          name="seatLimit"
          label={t("seats")}
          hint={t("seatsHint", { seats: defaults.seatLimit })}
          type="number"
          min={1}
          step={1}
          defaultValue={state.values?.seatLimit}
          errors={state.fieldErrors?.seatLimit}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="ownerEmail"
          label={t("ownerEmail")}
          hint={t("ownerEmailHint")}
          type="email"
          autoComplete="off"
          defaultValue={state.values?.ownerEmail}
          errors={state.fieldErrors?.ownerEmail}
          required
        />
        <div className="space-y-1">
          <label htmlFor="field-ownerLocale" className="block text-sm font-medium text-stone-800">
            {t("ownerLocale")}
          </label>
          <select
            id="field-ownerLocale"
            name="ownerLocale"
            defaultValue={state.values?.ownerLocale ?? "en"}
            aria-invalid={localeErrors ? true : undefined}
            aria-describedby={localeErrors ? "field-ownerLocale-error" : undefined}
            className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm"
          >
            <LocaleOptions />
          </select>
          {localeErrors ? (
            <p id="field-ownerLocale-error" className="text-sm text-red-700">
              {localeErrors.join(" ")}
            </p>
          ) : null}
        </div>
      </div>
      <SubmitButton pendingLabel={t("creating")}>{t("create")}</SubmitButton>
    </form>
  );
}
