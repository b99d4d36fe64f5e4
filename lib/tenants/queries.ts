import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { tenantChecks, tenants } from "@/lib/db/schema";
import { wiringIsHealthy, type WiringReport } from "./wiring";

/**
 * Tenants with their families, active members and pending invites, in one query: each
 * count is an index-backed subquery (families_tenant_idx, members_tenant_email_idx,
 * invites_tenant_email_idx, tenant_drift_listed_idx), so it does not multiply rows like joins
 * would. The sign-in wiring is the last stored report: nothing here asks Authentik or Immich.
 */
export async function listTenantsWithCounts(db: Executor) {
  const rows = await db
    .select({
      id: tenants.id,
      slug: tenants.slug,
      displayName: tenants.displayName,
      immichUrl: tenants.immichUrl,
      status: tenants.status,
      seatLimit: tenants.seatLimit,
      identityGroupName: tenants.identityGroupName,
      identityGroupId: tenants.identityGroupId,
      families: sql<number>`(select count(*) from families f where f.tenant_id = "tenants"."id")::int`,
      members: sql<number>`(select count(*) from members m where m.tenant_id = "tenants"."id" and m.status = 'active')::int`,
      pendingInvites: sql<number>`(select count(*) from invites i where i.tenant_id = "tenants"."id" and i.status = 'pending')::int`,
      openDrift: sql<number>`(select count(*) from tenant_drift d where d.tenant_id = "tenants"."id" and d.resolved_at is null and d.ignored_at is null)::int`,
      wiring: tenantChecks.wiring,
    })
    .from(tenants)
    .leftJoin(tenantChecks, eq(tenantChecks.tenantId, tenants.id))
    .orderBy(asc(tenants.slug));
  return rows.map(({ wiring, ...row }) => ({
    ...row,
    signIn: wiring ? (wiringIsHealthy(wiring as WiringReport) ? ("ok" as const) : ("differs" as const)) : ("unchecked" as const),
  }));
}

/** One tenant for the operator's edit page; never selects the sealed key into the page. */
export async function getTenantForOperator(db: Executor, tenantId: number) {
  const [tenant] = await db
    .select({
      id: tenants.id,
      slug: tenants.slug,
      displayName: tenants.displayName,
      immichUrl: tenants.immichUrl,
      status: tenants.status,
      seatLimit: tenants.seatLimit,
      defaultFamilyStorageBytes: tenants.defaultFamilyStorageBytes,
      identityGroupName: tenants.identityGroupName,
      identityGroupId: tenants.identityGroupId,
      createdAt: tenants.createdAt,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  return tenant;
}
