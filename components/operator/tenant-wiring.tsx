import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import type { ActionState } from "@/lib/actions/action-state";
import type { WiringItem, WiringReport } from "@/lib/tenants/wiring";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

const STATUS_STYLE: Record<WiringItem["status"], string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  differs: "bg-amber-50 text-amber-900 ring-amber-200",
  missing: "bg-red-50 text-red-800 ring-red-200",
  unknown: "bg-stone-100 text-stone-700 ring-stone-200",
};

/**
 * Each wired item of a tenant's sign-on (provider, application, redirect URIs, Immich's OAuth
 * settings) as the last check found it, from Postgres; "Check again" and "Repair" go through the queue.
 */
export async function TenantWiring({
  tenant,
  report,
  checkedAt,
  recheckAction,
  repairAction,
}: {
  tenant: { id: number; displayName: string };
  report: WiringReport | null;
  checkedAt: Date | null;
  recheckAction: FormAction;
  repairAction: FormAction;
}) {
  const t = await getTranslations("operator.wiring");
  const format = await getFormatter();
  const healthy = report?.items.every((item) => item.status === "ok") ?? false;
  return (
    <Card title={t("title")}>
      <p className="text-sm text-stone-700">{t("intro")}</p>
      <p className="mt-1 text-sm text-stone-600">
        {checkedAt ? t("checkedAt", { when: format.dateTime(checkedAt, { dateStyle: "medium", timeStyle: "short" }) }) : t("neverChecked")}
      </p>
      {report ? (
        <ul className="mt-3 divide-y divide-stone-100" aria-label={t("itemsLabel")}>
          {report.items.map((item) => (
            <li key={item.key} className="py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{t(`items.${item.key}`)}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs ring-1 ${STATUS_STYLE[item.status]}`}>
                  {t("status", { status: item.status })}
                </span>
              </div>
              {item.differences.length > 0 ? (
                <ul className="mt-1 list-disc pl-5 text-sm text-stone-700">
                  {item.differences.map((difference, index) => (
                    <li key={index} className="break-words">
                      {t("difference", {
                        field: t(`fields.${difference.field}` as "fields.clientId"),
                        expected: difference.expected,
                        found: difference.found,
                      })}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {report?.unreachable?.length ? (
        <p className="mt-2 text-sm text-stone-600">{t("unreachable", { systems: report.unreachable.join(", ") })}</p>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <ActionForm action={recheckAction} fields={{ tenantId: tenant.id }} label={t("check")} pendingLabel={t("checking")} />
        <ActionForm
          action={repairAction}
          fields={{ tenantId: tenant.id }}
          label={t("repair")}
          pendingLabel={t("repairing")}
          variant={healthy ? "secondary" : "primary"}
          confirm={{
            title: t("repairTitle", { tenant: tenant.displayName }),
            explanation: t("repairExplanation"),
            confirmLabel: t("repair"),
            cancelLabel: t("cancel"),
          }}
        />
      </div>
    </Card>
  );
}
