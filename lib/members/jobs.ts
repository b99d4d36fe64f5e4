import { and, eq, ne } from "drizzle-orm";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import type { Database } from "@/lib/db/connect";
import { families, members } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import type { PayloadOf } from "@/lib/jobs/queue";
import type { PhotosPort } from "@/lib/photos/port";
import type {
  addMemberToGroupQueue,
  deactivateAccountIfUnusedQueue,
  provisionPhotosUserQueue,
  removeMemberFromGroupQueue,
  removePhotosUserQueue,
  syncPhotosEmailQueue,
  updatePhotosQuotaQueue,
} from "@/lib/provisioning/queues";
import { tenantGroupId } from "@/lib/tenants/jobs";
import { isSuspended } from "@/lib/membership/suspension";
import { loadMember } from "./load";

export interface MemberJobContext {
  db: Database;
  identity: IdentityPort;
  photos: PhotosPort;
  /** Groups of Castello's staff: their accounts are never deactivated by a family. */
  staffGroups: string[];
}

type MemberPayload = PayloadOf<typeof addMemberToGroupQueue>;

/** Another active membership of the same person on the same tenant keeps their tenant group. */
/** A member holds the tenant's access while they are active in a family that is active. */
function holdsAccess(row: { member: { status: string }; family: { status: string } }): boolean {
  return row.member.status === "active" && row.family.status === "active";
}

async function stillHeldOnTenant(context: MemberJobContext, member: { id: number; identitySub: string; tenantId: number }) {
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(
      and(
        eq(members.identitySub, member.identitySub),
        eq(members.tenantId, member.tenantId),
        eq(members.status, "active"),
        eq(families.status, "active"),
        ne(members.id, member.id),
      ),
    );
  return !!other;
}

/** Another active member using the same photos user (adopted by e-mail) keeps it alive. */
async function photosUserStillUsed(context: MemberJobContext, member: { id: number; tenantId: number }, immichUserId: string) {
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(
      and(
        eq(members.tenantId, member.tenantId),
        eq(members.immichUserId, immichUserId),
        eq(members.status, "active"),
        ne(members.id, member.id),
      ),
    );
  return !!other;
}

export async function addMemberToGroup(payload: MemberPayload, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || !holdsAccess(row) || !row.member.identityAccountId) return { skipped: "not active" };
  // Back from a closed family (restored) or re-invited: the account Castello switched off is switched on again.
  if (row.member.identityOrigin === "enrollment" && !(await isSuspended(context.db, row.member.identitySub))) {
    const account = await context.identity.getAccount(row.member.identityAccountId);
    if (account && !account.isActive) await context.identity.setAccountActive(row.member.identityAccountId, true);
  }
  await context.identity.addToGroup(await tenantGroupId(context, row.tenant), row.member.identityAccountId);
}

/**
 * Creates the member's photos user, or adopts (and restores) the one with their e-mail, so a
 * retry after a timed-out create never makes a second one. Quota comes from the member row.
 */
export async function provisionPhotosUser(payload: PayloadOf<typeof provisionPhotosUserQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || !holdsAccess(row)) return { skipped: "not active" };
  const photos = context.photos.forTenant(row.tenant);
  let user = row.member.immichUserId ? await photos.getUser(row.member.immichUserId) : undefined;
  user ??= await photos.findUserByEmail(row.member.email);
  if (user && user.status === "deleted") await photos.restoreUser(user.id);
  if (user && user.quotaBytes !== row.member.quotaBytes) await photos.setQuota(user.id, row.member.quotaBytes);
  user ??= await photos.createUser({ email: row.member.email, name: row.member.displayName, quotaBytes: row.member.quotaBytes });
  // Recorded even if the member was removed meanwhile, so the removal job can find the account.
  await context.db.update(members).set({ immichUserId: user.id, updatedAt: new Date() }).where(eq(members.id, row.member.id));
  return { immichUserId: user.id };
}

export async function updatePhotosQuota(payload: PayloadOf<typeof updatePhotosQuotaQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || row.member.status !== "active" || !row.member.immichUserId) return { skipped: "no photos user yet" };
  await context.photos.forTenant(row.tenant).setQuota(row.member.immichUserId, row.member.quotaBytes);
}

export async function syncPhotosEmail(payload: PayloadOf<typeof syncPhotosEmailQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || !holdsAccess(row) || !row.member.immichUserId) return { skipped: "no photos user" };
  await context.photos.forTenant(row.tenant).setEmail(row.member.immichUserId, row.member.email);
}

export async function removeMemberFromGroup(payload: PayloadOf<typeof removeMemberFromGroupQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || holdsAccess(row) || !row.member.identityAccountId) return { skipped: "still active" };
  if (await stillHeldOnTenant(context, row.member)) return { skipped: "member of another family on this tenant" };
  const groupId = row.tenant.identityGroupId;
  if (!groupId) return { skipped: "tenant has no group" };
  await context.identity.removeFromGroup(groupId, row.member.identityAccountId);
}

/**
 * Deactivates the account only when Castello's enrollment created it, no family holds the
 * person any more, and they are not staff: an account someone brought ("I already have an
 * account") or a staff account is never switched off by a family.
 */
export async function deactivateAccountIfUnused(payload: PayloadOf<typeof deactivateAccountIfUnusedQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || holdsAccess(row) || !row.member.identityAccountId) return { skipped: "still active" };
  if (row.member.identityOrigin !== "enrollment") return { skipped: "account not created by Castello" };
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(and(eq(members.identitySub, row.member.identitySub), eq(members.status, "active"), ne(families.status, "closed")));
  if (other) return { skipped: "held by another family" };
  const account = await context.identity.getAccount(row.member.identityAccountId);
  if (!account) return { skipped: "account gone" };
  if (account.groupNames.some((name) => context.staffGroups.includes(name))) return { skipped: "staff account" };
  await context.identity.setAccountActive(row.member.identityAccountId, false);
  // A deactivated account keeps no portal session either.
  await revokeSessionsOf(context.db, row.member.identitySub, "account deactivated");
}

/** As the family's setting says: soft-delete (restorable during the server's grace period) or keep. */
export async function removePhotosUser(payload: PayloadOf<typeof removePhotosUserQueue>, context: MemberJobContext) {
  const row = await loadMember(context.db, payload.memberId);
  if (!row || holdsAccess(row) || row.family.status === "suspended") return { skipped: "member is active" };
  if (row.family.immichRemovalPolicy === "keep") return { skipped: "family keeps removed members' photos accounts" };
  const photos = context.photos.forTenant(row.tenant);
  // A provisioning that timed out may have created the user without recording it: look it up.
  const immichUserId = row.member.immichUserId ?? (await photos.findUserByEmail(row.member.email))?.id;
  if (!immichUserId) return { skipped: "no photos user" };
  if (await photosUserStillUsed(context, row.member, immichUserId)) return { skipped: "used by another active member" };
  await photos.softDeleteUser(immichUserId);
}
