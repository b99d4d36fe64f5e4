import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { setTenantStatusFormAction, updateTenantFormAction } from "@/app/(portal)/operator/actions";
import { TenantStatusForm } from "@/components/operator/tenant-status-form";
import { TenantForm } from "@/components/operator/tenant-form";
import { Card } from "@/components/ui/card";
import { requireArea } from "@/lib/platform/viewer";
import { serverDeps } from "@/lib/platform/server";
import { parseId } from "@/lib/ids";
import { jobsForSubjects } from "@/lib/jobs/status";
import { queueLabel } from "@/lib/platform/jobs";
import { bytesToGb } from "@/lib/storage/bytes";
import { getTenantForOperator } from "@/lib/tenants/queries";

export const metadata: Metadata = { title: "Tenant" };

export default async function TenantPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<{ registered?: string }>;
}) {
  await requireArea("operator");
  const { tenantId } = await params;
  const id = parseId(tenantId);
  if (!id) notFound();
  const db = serverDeps().db;
  const [tenant, jobs] = await Promise.all([getTenantForOperator(db, id), jobsForSubjects(db, "tenant", [id])]);
  if (!tenant) notFound();
  const { registered } = await searchParams;
  return (
    <>
      <Link href="/operator" className="text-sm text-brand-700 underline">
        ← Operator
      </Link>
      <h1 className="text-2xl font-bold">{tenant.displayName}</h1>
      {registered ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          Tenant registered. Its Immich answered and its key is saved encrypted.
        </p>
      ) : null}
      <Card title="Background work">
        {jobs.length === 0 ? (
          <p className="text-stone-600">Nothing pending.</p>
        ) : (
          <ul className="text-sm" aria-label="Tenant jobs">
            {jobs.map((job) => (
              <li key={job.id} className="py-1">
                {queueLabel(job.queue)}:{" "}
                <strong>{job.state === "completed" ? "done" : job.state === "failed" ? "failed" : "pending"}</strong>
                {job.error && job.state !== "completed" ? <span className="text-stone-600"> ({job.error})</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm text-stone-600">
          Authentik group <code>{tenant.identityGroupName}</code>: {tenant.identityGroupId ? "ready" : "pending"}
        </p>
      </Card>
      <Card title="Settings">
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
      <Card title="Status">
        <TenantStatusForm tenantId={tenant.id} status={tenant.status} action={setTenantStatusFormAction} />
      </Card>
    </>
  );
}
