import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import type { SharingMode } from "@/lib/db/schema/enums";
import { wholeGb } from "@/lib/storage/bytes";

type FormAction = React.ComponentProps<typeof ActionForm>["action"];

export interface SharingModeCardProps {
  action: FormAction;
  family: {
    id: number;
    sharingMode: SharingMode;
    previousSharingMode: SharingMode | null;
    sharingModeChangedAt: Date | null;
    storageAllowanceBytes: number;
  };
}

/**
 * The family's photo libraries: what each mode means, said before anything is saved, and one
 * button to switch (after a confirmation that says what will happen). Right after a switch the
 * button is the undo.
 */
export async function SharingModeCard({ action, family }: SharingModeCardProps) {
  const [t, format] = await Promise.all([getTranslations("family.sharing"), getFormatter()]);
  const other: SharingMode = family.sharingMode === "individual" ? "shared_library" : "individual";
  const isUndo = family.previousSharingMode === other;
  return (
    <Card title={t("title")}>
      <ul className="space-y-2">
        {(["individual", "shared_library"] as const).map((mode) => (
          <li
            key={mode}
            className={`rounded-md p-3 ring-1 ${mode === family.sharingMode ? "bg-brand-50 ring-brand-600" : "ring-stone-200"}`}
            aria-current={mode === family.sharingMode ? "true" : undefined}
          >
            <p className="text-sm font-medium">
              {t(`modes.${mode}.label`)}
              {mode === family.sharingMode ? (
                <span className="ml-2 rounded bg-brand-600 px-1.5 py-0.5 text-xs text-white">{t("now")}</span>
              ) : null}
            </p>
            <p className="text-sm text-stone-700">{t(`modes.${mode}.explanation`)}</p>
          </li>
        ))}
      </ul>
      {family.sharingModeChangedAt ? (
        <p className="mt-3 text-sm text-stone-700">{t("changedAt", { date: format.dateTime(family.sharingModeChangedAt, "timestamp") })}</p>
      ) : null}
      <div className="mt-3">
        <ActionForm
          action={action}
          fields={{ familyId: family.id, sharingMode: other }}
          label={isUndo ? t("switchBack", { mode: other }) : t(`switchTo.${other}`)}
          pendingLabel={t("switching")}
          confirm={{
            title: t(`confirm.${other}.title`),
            explanation: t(`confirm.${other}.explanation`, { allowance: `${wholeGb(family.storageAllowanceBytes)} GB` }),
            confirmLabel: t(`confirm.${other}.button`),
            cancelLabel: t("cancel"),
          }}
        />
      </div>
    </Card>
  );
}
