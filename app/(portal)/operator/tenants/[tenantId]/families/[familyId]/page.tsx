import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import {
  changeFamilyLimitsAction,
  closeFamilyAsOperatorAction,
  restoreFamilyAction,
  setFamilyStatusAction,
} from "@/app/(portal)/operator/actions";
import { FAMILY_RESTORE_DAYS } from "@/lib/families/closing";
import { ActionForm } from "@/components/forms/action-form";
import { FamilyLimitsForm } from "@/components/operator/family-limits-form";
import { Card } from "@/components/ui/card";
import { getFamilyOverview, listFamilyMemberIds } from "@/lib/families/queries";
import { jobsForSubjects } from "@/lib/jobs/status";
import { queueLabel } from "@/lib/platform/jobs";
import { formatBytes } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { familyUsage } from "@/lib/membership/usage";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { bytesToGb } from "@/lib/storage/bytes";

export async function generateMetadata() {
  return { title: (await getTranslations("operator"))("family.metaTitle") };
}

/** One family for the operator: its limits (never below what is in use) and its status. */
export default async function OperatorFamilyPage({ params }: { params: Promise<{ tenantId: string; familyId: string }> }) {
  await requireArea("operator");
  const raw = await params;
  const tenantId = parseId(raw.tenantId);
  const familyId = parseId(raw.familyId);
  if (!tenantId || !familyId) notFound();
  const db = serverDeps().db;
  const [family, usage, memberIds, t, tc, tj, locale] = await Promise.all([
    getFamilyOverview(db, familyId),
    familyUsage(db, familyId),
    listFamilyMemberIds(db, familyId),
    getTranslations("operator"),
    getTranslations("common"),
    getTranslations(),
    getLocale(),
  ]);
  if (!family || family.tenantId !== tenantId) notFound();
  // What suspending, closing or restoring set going, until it is done.
  const work = (await jobsForSubjects(db, "member", memberIds, { open: true })).filter(
    (job) => job.state !== "completed" && job.state !== "cancelled",
  );
  const suspended = family.status === "suspended";
  const closed = family.status === "closed";
  return (
    <>
      <Link href={`/operator/tenants/${tenantId}#families`} className="text-sm text-brand-700 underline">
        {t("newFamily.back", { tenant: family.tenantName })}
      </Link>
      <h1 className="text-2xl font-bold break-words">{family.name}</h1>
      <p className="text-sm text-stone-700">
        {t("family.usage", {
          used: usage.activeMembers + usage.pendingInvites,
          limit: family.seatLimit,
          given: formatBytes(usage.allocatedBytes, locale),
          allowance: formatBytes(family.storageAllowanceBytes, locale),
        })}
      </p>
      {work.length > 0 ? (
        <Card title={t("tenant.backgroundWork")}>
          <ul className="text-sm" aria-label={t("family.jobsList")}>
            {work.map((job) => (
              <li key={job.id} className="py-1">
                {t.rich("tenant.job", { job: tj(queueLabel(job.queue)), state: job.state, strong: (chunks) => <strong>{chunks}</strong> })}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title={t("family.limits")}>
        <FamilyLimitsForm
          action={changeFamilyLimitsAction}
          initial={{ familyId: family.id, storageGb: bytesToGb(family.storageAllowanceBytes) ?? 0, seatLimit: family.seatLimit }}
        />
      </Card>
      <Card title={t("family.status")}>
        {closed ? (
          <>
            <p className="mb-3 text-sm text-stone-700">
              {t("family.closedNow", { closed: family.closedAt ?? new Date(), until: family.restorableUntil ?? new Date() })}
            </p>
            <ActionForm
              action={restoreFamilyAction}
              fields={{ familyId: family.id }}
              label={t("family.restore")}
              pendingLabel={t("statusForm.saving")}
              variant="primary"
              confirm={{
                title: t("family.restoreTitle", { family: family.name }),
                explanation: t("family.restoreExplanation"),
                confirmLabel: t("family.restore"),
                cancelLabel: tc("confirm.cancel"),
              }}
            />
          </>
        ) : (
          <>
            <p className="mb-3 text-sm text-stone-700">{suspended ? t("family.suspendedNow") : t("family.activeNow")}</p>
            <ActionForm
              action={setFamilyStatusAction}
              fields={{ familyId: family.id, status: suspended ? "active" : "suspended" }}
              label={suspended ? t("family.resume") : t("family.suspend")}
              pendingLabel={t("statusForm.saving")}
              variant={suspended ? "primary" : "secondary"}
              confirm={{
                title: suspended ? t("family.resumeTitle", { family: family.name }) : t("family.suspendTitle", { family: family.name }),
                explanation: suspended ? t("family.resumeExplanation") : t("family.suspendExplanation"),
                confirmLabel: suspended ? t("family.resume") : t("family.suspend"),
                cancelLabel: tc("confirm.cancel"),
              }}
            />
          </>
        )}
      </Card>
      {closed ? null : (
        <Card title={t("family.deleteTitle")}>
          <p className="mb-3 text-sm text-stone-700">{t("family.deleteExplanation", { days: FAMILY_RESTORE_DAYS })}</p>
          <ActionForm
            action={closeFamilyAsOperatorAction}
            fields={{ familyId: family.id }}
            label={t("family.delete")}
            pendingLabel={t("statusForm.saving")}
            confirm={{
              title: t("family.deleteConfirmTitle", { family: family.name }),
              explanation: t("family.deleteExplanation", { days: FAMILY_RESTORE_DAYS }),
              confirmLabel: t("family.delete"),
              cancelLabel: tc("confirm.cancel"),
            }}
          />
        </Card>
      )}
    </>
  );
}
