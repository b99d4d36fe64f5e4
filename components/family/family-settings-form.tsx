"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { LocaleOptions } from "@/components/forms/locale-options";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export interface FamilySettingsValues {
  familyId: number;
  name: string;
  defaultLocale: string;
  immichRemovalPolicy: "soft_delete" | "keep";
}

const POLICIES = ["soft_delete", "keep"] as const;

/** The owner's settings: every option says what it does, next to it, before anything is saved. */
export function FamilySettingsForm({ action, initial }: { action: FormAction; initial: FamilySettingsValues }) {
  const t = useTranslations("family.settings");
  const [state, formAction] = useActionState(action, initialActionState);
  const value = (name: keyof FamilySettingsValues) => state.values?.[name] ?? String(initial[name]);
  const policyErrors = state.fieldErrors?.immichRemovalPolicy;
  return (
    <form action={formAction} className="space-y-6" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="familyId" value={initial.familyId} />
      <Field
        key={`name-${value("name")}`}
        name="name"
        label={t("name")}
        hint={t("nameHint")}
        defaultValue={value("name")}
        errors={state.fieldErrors?.name}
        required
        maxLength={100}
      />
      <div className="space-y-1">
        <label htmlFor="field-defaultLocale" className="block text-sm font-medium text-stone-800">
          {t("locale")}
        </label>
        <select
          id="field-defaultLocale"
          name="defaultLocale"
          key={`locale-${value("defaultLocale")}`}
          defaultValue={value("defaultLocale")}
          aria-describedby="field-defaultLocale-hint"
          className="block w-full rounded-md border border-stone-300 px-3 py-2 text-sm sm:w-64"
        >
          <LocaleOptions />
        </select>
        <p id="field-defaultLocale-hint" className="text-xs text-stone-600">
          {t("localeHint")}
        </p>
      </div>
      <fieldset className="space-y-2" aria-describedby={policyErrors ? "policy-error" : undefined}>
        <legend className="text-sm font-medium text-stone-800">{t("policy")}</legend>
        {POLICIES.map((policy) => (
          <label key={policy} className="flex items-start gap-3 rounded-md p-2 ring-1 ring-stone-200">
            <input
              type="radio"
              name="immichRemovalPolicy"
              value={policy}
              defaultChecked={value("immichRemovalPolicy") === policy}
              className="mt-1"
            />
            <span>
              <span className="block text-sm font-medium">{t(`policies.${policy}.label`)}</span>
              <span className="block text-sm text-stone-700">{t(`policies.${policy}.explanation`)}</span>
            </span>
          </label>
        ))}
        {policyErrors ? (
          <p id="policy-error" className="text-sm text-red-700">
            {policyErrors.join(" ")}
          </p>
        ) : null}
      </fieldset>
      <SubmitButton pendingLabel={t("saving")}>{t("save")}</SubmitButton>
    </form>
  );
}
