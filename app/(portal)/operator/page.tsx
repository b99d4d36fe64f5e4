import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { retryJobFormAction } from "@/app/(portal)/operator/actions";
import { AuthentikHealthBadge } from "@/components/operator/authentik-health";
import { JobQueuePanel } from "@/components/operator/job-queue-panel";
import { HealthPending, TenantHealth } from "@/components/operator/tenant-health";
import { Card } from "@/components/ui/card";
import { queueCounts, troubledJobs } from "@/lib/jobs/status";
import { queueLabel } from "@/lib/platform/jobs";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { listTenantsWithCounts } from "@/lib/tenants/queries";

export async function generateMetadata() {
  const t = await getTranslations("operator");
  return { title: t("dashboard.metaTitle") };
}

async function queueOverview(db: ReturnType<typeof serverDeps>["db"]) {
  const [counts, troubled] = await Promise.all([queueCounts(db), troubledJobs(db)]);
  return {
    counts: counts.queues.map((row) => ({ ...row, label: queueLabel(row.queue) })),
    countedAt: counts.countedAt,
    troubled: troubled.map((job) => ({ ...job, label: queueLabel(job.queue) })),
  };
}

export default async function OperatorPage() {
  await requireArea("operator");
  const [t, format] = await Promise.all([getTranslations("operator"), getFormatter()]);
  const deps = serverDeps();
  const tenants = await listTenantsWithCounts(deps.db);
  // Started now, each awaited by its own streamed cell.
  const identityHealth = deps.identity.health();
  const countedAt = tenants.reduce<Date | null>(
    (oldest, tenant) => (tenant.countedAt && (!oldest || tenant.countedAt < oldest) ? tenant.countedAt : oldest),
    null,
  );
  const overview = queueOverview(deps.db);
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{t("dashboard.title")}</h1>
        <Link
          href="/operator/tenants/new"
          className="ml-auto rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          {t("dashboard.registerTenant")}
        </Link>
        <Link href="/operator/authentik" className="rounded-md px-3 py-2 text-sm text-brand-700 underline">
          {t("dashboard.authentikCheck")}
        </Link>
      </div>
      <Card title={t("dashboard.authentikCard")}>
        <Suspense fallback={<HealthPending />}>
          <AuthentikHealthBadge health={identityHealth} />
        </Suspense>
      </Card>
      <Card title={t("dashboard.tenantsCard")}>
        {tenants.length === 0 ? (
          <p className="text-stone-600">{t("dashboard.noTenants")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label={t("dashboard.tenantsCard")}>
              <thead className="text-stone-500">
                <tr>
                  <th scope="col" className="py-2">
                    {t("dashboard.columns.tenant")}
                  </th>
                  <th scope="col" className="pl-3">
                    {t("dashboard.columns.health")}
                  </th>
                  <th scope="col" className="pl-3">
                    {t("dashboard.columns.status")}
                  </th>
                  <th scope="col" className="pl-3 text-right">
                    {t("dashboard.columns.families")}
                  </th>
                  <th scope="col" className="pl-3 text-right">
                    {t("dashboard.columns.members")}
                  </th>
                  <th scope="col" className="pl-3 text-right">
                    {t("dashboard.columns.pendingInvites")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {tenants.map((tenant) => (
                  <tr key={tenant.id} className="border-t border-stone-100">
                    <td className="py-2">
                      <Link href={`/operator/tenants/${tenant.id}`} className="font-medium text-brand-700 underline">
                        {tenant.displayName}
                      </Link>
                      <div className="text-stone-500">
                        {tenant.slug} · {tenant.immichUrl}
                      </div>
                      <div className="text-xs text-stone-500">
                        {t.rich("identityGroup", {
                          group: tenant.identityGroupName,
                          ready: tenant.identityGroupId ? "yes" : "no",
                          code: (chunks) => chunks,
                        })}
                      </div>
                      <div className={`text-xs ${tenant.signIn === "ok" && tenant.openDrift === 0 ? "text-stone-500" : "text-amber-800"}`}>
                        {t("dashboard.signInAndDrift", { signIn: tenant.signIn, drift: tenant.openDrift })}
                      </div>
                    </td>
                    <td className="pl-3">
                      <TenantHealth health={tenant.photosHealth} checkedAt={tenant.photosHealthCheckedAt} />
                    </td>
                    <td className="pl-3">
                      <span className={tenant.status === "active" ? undefined : "font-semibold text-amber-700"}>
                        {t("tenantStatus", { status: tenant.status })}
                      </span>
                    </td>
                    <td className="pl-3 text-right">{format.number(tenant.families)}</td>
                    <td className="pl-3 text-right">{format.number(tenant.members)}</td>
                    <td className="pl-3 text-right">{format.number(tenant.pendingInvites)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {countedAt ? (
              <p className="mt-2 text-xs text-stone-600">
                {t("dashboard.countedAt", { time: format.relativeTime(countedAt, new Date()) })}
              </p>
            ) : null}
          </div>
        )}
      </Card>
      <Suspense fallback={<Card title={t("jobQueue.title")}>{t("jobQueue.loading")}</Card>}>
        <JobQueuePanel overview={overview} retryAction={retryJobFormAction} />
      </Suspense>
    </>
  );
}
