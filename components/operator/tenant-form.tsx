"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Field } from "@/components/forms/field";
import { FormStatus } from "@/components/forms/form-status";
import { SubmitButton } from "@/components/forms/submit-button";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export interface TenantFormValues {
  tenantId?: number;
  slug?: string;
  displayName?: string;
  immichUrl?: string;
  defaultFamilyStorageGb?: number;
  seatLimit?: number;
}

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Register (no tenantId) or edit a tenant. The API key is never shown again after saving. */
export function TenantForm({ action, initial }: { action: FormAction; initial?: TenantFormValues }) {
  const t = useTranslations("operator");
  const [state, formAction] = useActionState(action, initialActionState);
  const editing = initial?.tenantId !== undefined;
  const value = (name: keyof TenantFormValues) =>
    state.values?.[name] ?? (initial?.[name] !== undefined ? String(initial[name]) : undefined);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormStatus state={state} />
      {editing ? <input type="hidden" name="tenantId" value={initial!.tenantId} /> : null}
      {editing ? (
        <p className="text-sm text-stone-600">
          {t.rich("tenantForm.slugFixed", { slug: initial!.slug ?? "", code: (chunks) => <code>{chunks}</code> })}
        </p>
      ) : (
        <Field
          key={`slug-${value("slug")}`}
          name="slug"
          label={t("tenantForm.slug")}
          hint={t("tenantForm.slugHint")}
          defaultValue={value("slug")}
          errors={state.fieldErrors?.slug}
          required
          autoComplete="off"
        />
      )}
      <Field
        key={`name-${value("displayName")}`}
        name="displayName"
        label={t("tenantForm.displayName")}
        defaultValue={value("displayName")}
        errors={state.fieldErrors?.displayName}
        required
      />
      <Field
        key={`url-${value("immichUrl")}`}
        name="immichUrl"
        label={t("tenantForm.immichUrl")}
        type="url"
        hint={t("tenantForm.immichUrlHint")}
        defaultValue={value("immichUrl")}
        errors={state.fieldErrors?.immichUrl}
        required
      />
      <Field
        name="immichApiKey"
        label={editing ? t("tenantForm.newApiKey") : t("tenantForm.apiKey")}
        type="password"
        autoComplete="off"
        hint={editing ? t("tenantForm.newApiKeyHint") : t("tenantForm.apiKeyHint")}
        errors={state.fieldErrors?.immichApiKey}
        required={!editing}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          key={`storage-${value("defaultFamilyStorageGb")}`}
          name="defaultFamilyStorageGb"
          label={t("tenantForm.defaultStorage")}
          type="number"
          min={0}
          step="any"
          inputMode="decimal"
          defaultValue={value("defaultFamilyStorageGb") ?? "200"}
          errors={state.fieldErrors?.defaultFamilyStorageGb}
        />
        <Field
          key={`seats-${value("seatLimit")}`}
          name="seatLimit"
          label={t("tenantForm.seatLimit")}
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={value("seatLimit") ?? "6"}
          errors={state.fieldErrors?.seatLimit}
        />
      </div>
      <SubmitButton pendingLabel={t("tenantForm.checking")}>{editing ? t("tenantForm.save") : t("tenantForm.register")}</SubmitButton>
    </form>
  );
}
