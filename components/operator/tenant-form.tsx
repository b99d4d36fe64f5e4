"use client";

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
          Slug: <code>{initial!.slug}</code> (fixed)
        </p>
      ) : (
        <Field
          key={`slug-${value("slug")}`}
          name="slug"
          label="Slug"
          hint="A DNS label: lowercase letters, digits and dashes, e.g. rossi-photos"
          defaultValue={value("slug")}
          errors={state.fieldErrors?.slug}
          required
          autoComplete="off"
        />
      )}
      <Field
        key={`name-${value("displayName")}`}
        name="displayName"
        label="Display name"
        defaultValue={value("displayName")}
        errors={state.fieldErrors?.displayName}
        required
      />
      <Field
        key={`url-${value("immichUrl")}`}
        name="immichUrl"
        label="Immich URL"
        type="url"
        hint="The address people open Immich at, e.g. https://photos.example.eu"
        defaultValue={value("immichUrl")}
        errors={state.fieldErrors?.immichUrl}
        required
      />
      <Field
        name="immichApiKey"
        label={editing ? "New Immich admin API key" : "Immich admin API key"}
        type="password"
        autoComplete="off"
        hint={
          editing
            ? "Leave blank to keep the saved key. Saved keys are encrypted and never shown."
            : "An admin's key with the adminUser and server.statistics permissions. It is encrypted and never shown again."
        }
        errors={state.fieldErrors?.immichApiKey}
        required={!editing}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          key={`storage-${value("defaultFamilyStorageGb")}`}
          name="defaultFamilyStorageGb"
          label="Default family storage (GB)"
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
          label="Seats per family"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          defaultValue={value("seatLimit") ?? "6"}
          errors={state.fieldErrors?.seatLimit}
        />
      </div>
      <SubmitButton pendingLabel="Checking Immich…">{editing ? "Save tenant" : "Register tenant"}</SubmitButton>
    </form>
  );
}
