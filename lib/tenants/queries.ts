import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { families, members, tenants } from "@/lib/db/schema";

/** Tenants with their family and active-member counts in one query (no N+1). */
export function listTenantsWithCounts(db: Executor) {
  return db
    .select({
      id: tenants.id,
      slug: tenants.slug,
      displayName: tenants.displayName,
      immichUrl: tenants.immichUrl,
      status: tenants.status,
      seatLimit: tenants.seatLimit,
      families: sql<number>`count(distinct ${families.id})::int`,
      members: sql<number>`count(${members.id}) filter (where ${members.status} = 'active')::int`,
    })
    .from(tenants)
    .leftJoin(families, eq(families.tenantId, tenants.id))
    .leftJoin(members, eq(members.familyId, families.id))
    .groupBy(tenants.id)
    .orderBy(asc(tenants.slug));
}
