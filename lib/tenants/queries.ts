import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { tenants } from "@/lib/db/schema";

/**
 * Tenants with their families, active members and pending invites, in one query: each
 * count is an index-backed subquery (families_tenant_idx, members_tenant_email_idx,
 * invites_tenant_email_idx), so it does not multiply rows like joins would.
 */
export function listTenantsWithCounts(db: Executor) {
  return db
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
    })
    .from(tenants)
    .orderBy(asc(tenants.slug));
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
