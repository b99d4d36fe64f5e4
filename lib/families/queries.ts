import "server-only";
import { and, asc, eq, gt } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { families, familySeatLimit, invites, members, tenants, type FamilyRole } from "@/lib/db/schema";

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
    .where(and(eq(members.identitySub, sub), eq(members.status, "active"), eq(families.status, "active"), eq(tenants.status, "active")))
    .orderBy(asc(families.name));
}

/** The family page's header: name, tenant, allowance, seats and what is allocated, in one query. */
export async function getFamilyOverview(db: Executor, familyId: number) {
  const [row] = await db
    .select({
      id: families.id,
      name: families.name,
      status: families.status,
      closedAt: families.closedAt,
      restorableUntil: families.restorableUntil,
      sharingMode: families.sharingMode,
      previousSharingMode: families.previousSharingMode,
      sharingModeChangedAt: families.sharingModeChangedAt,
      immichRemovalPolicy: families.immichRemovalPolicy,
      defaultLocale: families.defaultLocale,
      storageAllowanceBytes: families.storageAllowanceBytes,
      tenantId: tenants.id,
      tenantName: tenants.displayName,
      immichUrl: tenants.immichUrl,
      seatLimit: familySeatLimit,
    })
    .from(families)
    .innerJoin(tenants, eq(tenants.id, families.tenantId))
    .where(eq(families.id, familyId));
  return row;
}

/** Active members with what the page shows, MFA state and storage used included (kept by families.refresh-live-status). */
export function listFamilyMembers(db: Executor, familyId: number) {
  return db
    .select({
      id: members.id,
      displayName: members.displayName,
      email: members.email,
      role: members.role,
      quotaBytes: members.quotaBytes,
      immichUserId: members.immichUserId,
      identityAccountId: members.identityAccountId,
      identitySub: members.identitySub,
      joinedAt: members.joinedAt,
      mfaEnrolled: members.mfaEnrolled,
      usageBytes: members.usageBytes,
      liveCheckedAt: members.liveCheckedAt,
    })
    .from(members)
    .where(and(eq(members.familyId, familyId), eq(members.status, "active")))
    .orderBy(asc(members.joinedAt), asc(members.id));
}

/** Pending invites (not yet expired by the clock as well), soonest to expire first. */
export function listPendingInvites(db: Executor, familyId: number) {
  return db
    .select({
      id: invites.id,
      email: invites.email,
      role: invites.role,
      quotaBytes: invites.quotaBytes,
      expiresAt: invites.expiresAt,
      mailSentAt: invites.mailSentAt,
      mailFailedAt: invites.mailFailedAt,
      createdAt: invites.createdAt,
    })
    .from(invites)
    .where(and(eq(invites.familyId, familyId), eq(invites.status, "pending"), gt(invites.expiresAt, new Date())))
    .orderBy(asc(invites.expiresAt));
}

/** Every member row of a family, whatever its status (index members_family_status_idx): the subjects of its jobs. */
export async function listFamilyMemberIds(db: Executor, familyId: number): Promise<number[]> {
  return (await db.select({ id: members.id }).from(members).where(eq(members.familyId, familyId))).map((row) => row.id);
}
