import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import type { ActionState } from "@/lib/actions/action-state";
import { DRIFT_PAGE_SIZE, type listOpenDrift } from "@/lib/tenants/checks-queries";
import type { DriftKind } from "@/lib/tenants/drift";

type FormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;
type DriftPage = Awaited<ReturnType<typeof listOpenDrift>>;
type DriftRow = DriftPage["rows"][number];

/** Who or what a difference is about, in the words the operator knows them by. */
function subjectOf(row: DriftRow): string {
  const detail = row.detail as Record<string, string | number | null>;
  if (row.memberName) return `${row.memberName} <${row.memberEmail}>`;
  return String(detail.email ?? detail.username ?? detail.accountId ?? detail.immichUserId ?? row.subjectKey);
}

function detailValues(row: DriftRow) {
  const detail = row.detail as Record<string, string | number | null>;
  return { expected: String(detail.expected ?? "—"), found: String(detail.found ?? "—") };
}

/**
 * What the last drift run found on a tenant, from Postgres: one row per difference, each with
 * its safe fix behind a confirmation. Nothing here deletes photos.
 */
export async function TenantDrift({
  tenant,
  run,
  drift,
  fixAction,
  ignoreAction,
  runAction,
}: {
  tenant: { id: number };
  run: { startedAt: Date | null; finishedAt: Date | null; durationMs: number | null; error: string | null } | undefined;
  drift: DriftPage;
  fixAction: FormAction;
  ignoreAction: FormAction;
  runAction: FormAction;
}) {
  const t = await getTranslations("operator.drift");
  const format = await getFormatter();
  const when = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeStyle: "short" });
  const running = !!run?.startedAt && (!run.finishedAt || run.finishedAt < run.startedAt);
  const pages = Math.max(1, Math.ceil(drift.total / DRIFT_PAGE_SIZE));
  return (
    <Card title={t("title")}>
      <p className="text-sm text-stone-700">{t("intro")}</p>
      <p className="mt-1 text-sm text-stone-600" role="status">
        {running
          ? t("running", { when: when(run!.startedAt!) })
          : run?.finishedAt
            ? t("lastRun", { when: when(run.finishedAt), seconds: Math.round((run.durationMs ?? 0) / 100) / 10 })
            : t("neverRun")}
      </p>
      {run?.error && !running ? <p className="mt-1 text-sm text-red-700">{t("runFailed", { error: run.error })}</p> : null}
      <div className="mt-2">
        <ActionForm action={runAction} fields={{ tenantId: tenant.id }} label={t("runNow")} pendingLabel={t("runQueued")} />
      </div>
      {drift.total === 0 ? (
        run?.finishedAt ? (
          <p className="mt-3 text-sm text-emerald-800">{t("noDrift")}</p>
        ) : null
      ) : (
        <>
          <p className="mt-3 text-sm font-medium">{t("count", { count: drift.total })}</p>
          <ul className="mt-1 divide-y divide-stone-100" aria-label={t("listLabel")}>
            {drift.rows.map((row) => {
              const kind = row.kind as DriftKind;
              const subject = subjectOf(row);
              return (
                <li key={row.id} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0 text-sm">
                    <p className="font-medium">{t(`kinds.${kind}.title`)}</p>
                    <p className="break-words text-stone-700">{subject}</p>
                    {kind === "quota_differs" || kind === "photos_email_differs" ? (
                      <p className="text-stone-600">{t("expectedFound", detailValues(row))}</p>
                    ) : null}
                    {row.fixRequestedAt ? <p className="text-stone-600">{t("fixRequested", { when: when(row.fixRequestedAt) })}</p> : null}
                  </div>
                  <div className="shrink-0">
                    {kind === "photos_user_unknown" ? (
                      <ActionForm
                        action={ignoreAction}
                        fields={{ tenantId: tenant.id, driftId: row.id }}
                        label={t("ignore")}
                        pendingLabel={t("working")}
                        confirm={{
                          title: t("ignoreTitle", { subject }),
                          explanation: t("ignoreExplanation"),
                          confirmLabel: t("ignore"),
                          cancelLabel: t("cancel"),
                        }}
                      />
                    ) : (
                      <ActionForm
                        action={fixAction}
                        fields={{ tenantId: tenant.id, driftId: row.id }}
                        label={t(`kinds.${kind}.fix`)}
                        pendingLabel={t("working")}
                        confirm={{
                          title: t("fixTitle", { fix: t(`kinds.${kind}.fix`), subject }),
                          explanation: t(`kinds.${kind}.explanation`),
                          confirmLabel: t(`kinds.${kind}.fix`),
                          cancelLabel: t("cancel"),
                        }}
                      />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          {pages > 1 ? (
            <nav className="mt-2 flex gap-3 text-sm" aria-label={t("pagesLabel")}>
              {drift.page > 1 ? (
                <Link className="text-brand-700 underline" href={`?drift=${drift.page - 1}`}>
                  {t("previous")}
                </Link>
              ) : null}
              <span>{t("page", { page: drift.page, pages })}</span>
              {drift.page < pages ? (
                <Link className="text-brand-700 underline" href={`?drift=${drift.page + 1}`}>
                  {t("next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </Card>
  );
}
