"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/forms/field";
import type { ActionState } from "@/lib/actions/action-state";

/** Why support looks or acts: the field every support form asks, with its errors beside it. */
export function ReasonField({ state }: { state: ActionState }) {
  const t = useTranslations("support.reason");
  return (
    <Field
      name="reason"
      label={t("label")}
      hint={t("hint")}
      defaultValue={state.values?.reason}
      errors={state.fieldErrors?.reason}
      autoComplete="off"
      maxLength={500}
      required
    />
  );
}
