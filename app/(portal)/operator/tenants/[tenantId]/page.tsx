import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import {
  fixDriftFormAction,
  ignoreDriftFormAction,
  recheckWiringFormAction,
  runDriftFormAction,
  repairWiringFormAction,
  resendOwnerInviteAction,
  revokeOwnerInviteAction,
  setTenantStatusFormAction,
  updateTenantFormAction,
} from "@/app/(portal)/operator/actions";
import { TenantFamilies } from "@/components/operator/tenant-families";
import { TenantStatusForm } from "@/components/operator/tenant-status-form";
import { TenantForm } from "@/components/operator/tenant-form";
import { TenantWiring } from "@/components/operator/tenant-wiring";
import { TenantDrift } from "@/components/operator/tenant-drift";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";
import { serverDeps } from "@/lib/platform/server";
import { parseId } from "@/lib/ids";
import { jobsForSubjects } from "@/lib/jobs/status";
import { queueLabel } from "@/lib/platform/jobs";
import { bytesToGb } from "@/lib/storage/bytes";
import { getTenantForOperator } from "@/lib/tenants/queries";
import { getTenantChecks, listOpenDrift } from "@/lib/tenants/checks-queries";
import { listTenantFamilies, MAX_FAMILY_SEARCH } from "@/lib/families/tenant-list";

export async function generateMetadata() {
  const t = await getTranslations("operator");
  return { title: t("tenant.metaTitle") };
}

export default async function TenantPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<{ registered?: string; created?: string; q?: string; page?: string; drift?: string }>;
}) {
  await requireArea("operator");
  const { tenantId } = await params;
  const id = parseId(tenantId);
  if (!id) notFound();
  const db = serverDeps().db;
  const { registered, created, q, page, drift: driftPage } = await searchParams;
  const search = typeof q === "string" ? q.trim().slice(0, MAX_FAMILY_SEARCH) : "";
  const [tenant, checks, drift, jobs, families, t, translate] = await Promise.all([
    getTenantForOperator(db, id),
    getTenantChecks(db, id),
    listOpenDrift(db, id, parseId(driftPage) ?? 1),
    jobsForSubjects(db, "tenant", [id]),
    listTenantFamilies(db, id, { search, page: parseId(page) ?? 1 }),
    getTranslations("operator"),
    getTranslations(),
  ]);
  if (!tenant) notFound();
  const createdFamily = created ? families.rows.find((family) => family.id === parseId(created)) : undefined;
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        {t("backToOperator")}
      </Link>
      <h1 className="text-2xl font-bold">{tenant.displayName}</h1>
      {registered ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          {t("tenant.registered")}
        </p>
      ) : null}
      {createdFamily ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          {t("families.created", { family: createdFamily.name, email: createdFamily.ownerEmail ?? "" })}
        </p>
      ) : null}
      <TenantFamilies
        tenantId={tenant.id}
        page={families}
        search={search}
        resendAction={resendOwnerInviteAction}
        revokeAction={revokeOwnerInviteAction}
      />
      <TenantWiring
        tenant={tenant}
        report={checks?.wiring ?? null}
        checkedAt={checks?.wiringCheckedAt ?? null}
        recheckAction={recheckWiringFormAction}
        repairAction={repairWiringFormAction}
      />
      <TenantDrift
        tenant={tenant}
        run={
          checks && {
            startedAt: checks.driftStartedAt,
            finishedAt: checks.driftFinishedAt,
            durationMs: checks.driftDurationMs,
            error: checks.driftError,
          }
        }
        drift={drift}
        fixAction={fixDriftFormAction}
        ignoreAction={ignoreDriftFormAction}
        runAction={runDriftFormAction}
      />
      <Card title={t("tenant.backgroundWork")}>
        {jobs.length === 0 ? (
          <p className="text-stone-600">{t("tenant.nothingPending")}</p>
        ) : (
          <ul className="text-sm" aria-label={t("tenant.jobsList")}>
            {jobs.map((job) => (
              <li key={job.id} className="py-1">
                {t.rich("tenant.job", {
                  job: translate(queueLabel(job.queue)),
                  state: job.state,
                  strong: (chunks) => <strong>{chunks}</strong>,
                })}
                {job.error && job.state !== "completed" ? (
                  <>
                    {" "}
                    <span className="text-stone-600">{t("tenant.jobError", { error: job.error })}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm text-stone-600">
          {t.rich("identityGroup", {
            group: tenant.identityGroupName,
            ready: tenant.identityGroupId ? "yes" : "no",
            code: (chunks) => <code>{chunks}</code>,
          })}
        </p>
      </Card>
      <Card title={t("tenant.settings")}>
        <TenantForm
          action={updateTenantFormAction}
          initial={{
            tenantId: tenant.id,
            slug: tenant.slug,
            displayName: tenant.displayName,
            immichUrl: tenant.immichUrl,
            defaultFamilyStorageGb: bytesToGb(tenant.defaultFamilyStorageBytes)!,
            seatLimit: tenant.seatLimit,
          }}
        />
      </Card>
      <Card title={t("tenant.status")}>
        <TenantStatusForm tenantId={tenant.id} status={tenant.status} action={setTenantStatusFormAction} />
      </Card>
    </>
  );
}
