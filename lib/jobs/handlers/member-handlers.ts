import { and, eq, ne } from "drizzle-orm";
import { addUserToGroup, removeUserFromGroup } from "@/lib/authentik/groups";
import { getUser, setUserActive, isNotFound } from "@/lib/authentik/users";
import { members } from "@/lib/db/schema";
import { createImmichUser, findImmichUserByEmail, getImmichUser, restoreImmichUser, setImmichQuota, softDeleteImmichUser } from "@/lib/immich/users";
import { immichConnectionOf } from "@/lib/tenants/connection";
import type { JobPayload } from "../queues";
import type { JobContext } from "./context";
import { recordTenantGroup } from "./ensure-tenant-group";
import { loadMember } from "./load";

async function tenantGroupPk(context: JobContext, tenant: Parameters<typeof recordTenantGroup>[1]) {
  return tenant.authentikGroupId ?? (await recordTenantGroup(context, tenant)).pk;
}

/** Another active membership of the same person on the same tenant keeps their tenant group. */
async function stillHeldOnTenant(context: JobContext, member: { id: number; authentikSub: string; tenantId: number }) {
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.authentikSub, member.authentikSub), eq(members.tenantId, member.tenantId), eq(members.status, "active"), ne(members.id, member.id)));
  return !!other;
}

/** Another active member using the same Immich user (adopted by e-mail) keeps it alive. */
async function immichUserStillUsed(context: JobContext, member: { id: number; tenantId: number }, immichUserId: string) {
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.tenantId, member.tenantId), eq(members.immichUserId, immichUserId), eq(members.status, "active"), ne(members.id, member.id)));
  return !!other;
}

export async function addMemberToGroup(payload: JobPayload<"authentik.add-member-to-group">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status !== "active" || !row.member.authentikUserPk) return { skipped: "not active" };
  await addUserToGroup(context.authentik, await tenantGroupPk(context, row.tenant), row.member.authentikUserPk);
}

/**
 * Creates the member's Immich user, or adopts (and restores) the one with their e-mail, so a
 * retry after a timed-out create never makes a second one. Quota comes from the member row.
 */
export async function provisionImmichUser(payload: JobPayload<"immich.provision-user">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status !== "active") return { skipped: "not active" };
  const connection = immichConnectionOf(row.tenant, context.keyring);
  let user = row.member.immichUserId ? await getImmichUser(connection, row.member.immichUserId) : undefined;
  user ??= await findImmichUserByEmail(connection, row.member.email);
  if (user && user.status === "deleted") await restoreImmichUser(connection, user.id);
  if (user && user.quotaSizeInBytes !== row.member.quotaBytes) await setImmichQuota(connection, user.id, row.member.quotaBytes);
  user ??= await createImmichUser(connection, { email: row.member.email, name: row.member.displayName, quotaBytes: row.member.quotaBytes });
  // Recorded even if the member was removed meanwhile, so the removal job can find the account.
  await context.db.update(members).set({ immichUserId: user.id, updatedAt: new Date() }).where(eq(members.id, row.member.id));
  return { immichUserId: user.id };
}

export async function updateImmichQuota(payload: JobPayload<"immich.update-quota">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status !== "active" || !row.member.immichUserId) return { skipped: "no Immich user yet" };
  await setImmichQuota(immichConnectionOf(row.tenant, context.keyring), row.member.immichUserId, row.member.quotaBytes);
}

export async function removeMemberFromGroup(payload: JobPayload<"authentik.remove-member-from-group">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status === "active" || !row.member.authentikUserPk) return { skipped: "still active" };
  if (await stillHeldOnTenant(context, row.member)) return { skipped: "member of another family on this tenant" };
  const groupPk = row.tenant.authentikGroupId;
  if (!groupPk) return { skipped: "tenant has no group" };
  try {
    await removeUserFromGroup(context.authentik, groupPk, row.member.authentikUserPk);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Deactivates the Authentik user only when Castello's enrollment created it, no family holds
 * the person any more, and they are not staff: an account someone brought ("I already have an
 * account") or a staff account is never switched off by a family.
 */
export async function deactivateUserIfUnused(payload: JobPayload<"authentik.deactivate-user-if-unused">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status === "active" || !row.member.authentikUserPk) return { skipped: "still active" };
  if (row.member.identityOrigin !== "enrollment") return { skipped: "account not created by Castello" };
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.authentikSub, row.member.authentikSub), eq(members.status, "active")));
  if (other) return { skipped: "held by another family" };
  const user = await getUser(context.authentik, row.member.authentikUserPk);
  if (!user) return { skipped: "user gone" };
  if (user.groupNames.some((name) => context.staffGroups.includes(name))) return { skipped: "staff account" };
  await setUserActive(context.authentik, row.member.authentikUserPk, false);
}

/** As the family's setting says: soft-delete (restorable during Immich's grace period) or keep. */
export async function removeImmichUser(payload: JobPayload<"immich.remove-user">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status === "active") return { skipped: "member is active" };
  if (row.family.immichRemovalPolicy === "keep") return { skipped: "family keeps removed members' Immich accounts" };
  const connection = immichConnectionOf(row.tenant, context.keyring);
  // A provisioning that timed out may have created the user without recording it: look it up.
  const immichUserId = row.member.immichUserId ?? (await findImmichUserByEmail(connection, row.member.email))?.id;
  if (!immichUserId) return { skipped: "no Immich user" };
  if (await immichUserStillUsed(context, row.member, immichUserId)) return { skipped: "used by another active member" };
  await softDeleteImmichUser(connection, immichUserId);
}
