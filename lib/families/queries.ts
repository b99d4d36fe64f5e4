import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { families, members, tenants, type FamilyRole } from "@/lib/db/schema";

export interface Membership {
  memberId: number;
  role: FamilyRole;
  familyId: number;
  familyName: string;
  tenantId: number;
  tenantSlug: string;
  tenantName: string;
}

/** The families a person belongs to, by their OIDC `sub` (index members_sub_idx). */
export function findActiveMembershipsBySub(db: Executor, sub: string): Promise<Membership[]> {
  return db
    .select({
      memberId: members.id,
      role: members.role,
      familyId: families.id,
      familyName: families.name,
      tenantId: tenants.id,
      tenantSlug: tenants.slug,
      tenantName: tenants.displayName,
    })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(and(eq(members.authentikSub, sub), eq(members.status, "active"), eq(tenants.status, "active")))
    .orderBy(asc(families.name));
}

/** Members of one family; the caller has already checked the viewer belongs to it. */
export function listActiveMembers(db: Executor, familyId: number) {
  return db
    .select({
      id: members.id,
      displayName: members.displayName,
      email: members.email,
      role: members.role,
      quotaBytes: members.quotaBytes,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .where(and(eq(members.familyId, familyId), eq(members.status, "active")))
    .orderBy(asc(members.joinedAt), asc(members.id));
}
