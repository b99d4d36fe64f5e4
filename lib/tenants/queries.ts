import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { tenantChecks, tenants } from "@/lib/db/schema";
import type { PhotosHealth } from "@/lib/photos/port";
import { wiringIsHealthy, type WiringReport } from "./wiring";

/**
 * Tenants with their families, active members and pending invites as tenant.refresh-overview
 * last counted them (COALESCE evaluates the live count only for a tenant not counted yet), the
 * last Immich ping and the last sign-in wiring report: nothing here asks Authentik or Immich,
 * and the cost does not grow with members.
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
      families: sql<number>`coalesce(${tenantChecks.familiesCount}, (select count(*) from families f where f.tenant_id = "tenants"."id"))::int`,
      members: sql<number>`coalesce(${tenantChecks.activeMembersCount}, (select count(*) from members m where m.tenant_id = "tenants"."id" and m.status = 'active'))::int`,
      pendingInvites: sql<number>`coalesce(${tenantChecks.pendingInvitesCount}, (select count(*) from invites i where i.tenant_id = "tenants"."id" and i.status = 'pending'))::int`,
      openDrift: sql<number>`(select count(*) from tenant_drift d where d.tenant_id = "tenants"."id" and d.resolved_at is null and d.ignored_at is null)::int`,
      countedAt: tenantChecks.countedAt,
      photosHealth: tenantChecks.photosHealth,
      photosHealthCheckedAt: tenantChecks.photosHealthCheckedAt,
      wiring: tenantChecks.wiring,
    })
    .from(tenants)
    .leftJoin(tenantChecks, eq(tenantChecks.tenantId, tenants.id))
    .orderBy(asc(tenants.slug));
  return rows.map(({ wiring, photosHealth, ...row }) => ({
    ...row,
    photosHealth: photosHealth as PhotosHealth | null,
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
