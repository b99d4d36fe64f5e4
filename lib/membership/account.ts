import { and, asc, eq, ne } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { families, members, tenants } from "@/lib/db/schema";

/** A person's own view of each family they are in: role, quota, their photos account, the tenant's photos server. */
export function listAccountMemberships(db: Executor, sub: string) {
  return db
    .select({
      memberId: members.id,
      familyId: families.id,
      familyName: families.name,
      role: members.role,
      quotaBytes: members.quotaBytes,
      immichUserId: members.immichUserId,
      identityAccountId: members.identityAccountId,
      joinedAt: members.joinedAt,
      tenantId: tenants.id,
      tenantName: tenants.displayName,
      immichUrl: tenants.immichUrl,
    })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(and(eq(members.identitySub, sub), eq(members.status, "active"), eq(families.status, "active"), eq(tenants.status, "active")))
    .orderBy(asc(families.name));
}

export type AccountMembership = Awaited<ReturnType<typeof listAccountMemberships>>[number];

/** The families a person is still in but that are not active: suspended by the service, or closed by their owner. */
export function listPausedMemberships(db: Executor, sub: string) {
  return db
    .select({ familyId: families.id, familyName: families.name, status: families.status, restorableUntil: families.restorableUntil })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(and(eq(members.identitySub, sub), eq(members.status, "active"), ne(families.status, "active")))
    .orderBy(asc(families.name));
}
