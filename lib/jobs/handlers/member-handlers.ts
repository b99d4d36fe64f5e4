import { and, eq, ne } from "drizzle-orm";
import { ensureGroup, addUserToGroup, removeUserFromGroup } from "@/lib/authentik/groups";
import { setUserActive, isNotFound } from "@/lib/authentik/users";
import { members, tenants } from "@/lib/db/schema";
import { createImmichUser, findImmichUserByEmail, getImmichUser, restoreImmichUser, setImmichQuota, softDeleteImmichUser } from "@/lib/immich/users";
import { immichConnectionOf } from "@/lib/tenants/connection";
import type { JobPayload } from "../queues";
import type { JobContext } from "./context";
import { loadMember } from "./load";

async function tenantGroupPk(context: JobContext, tenant: { id: number; slug: string; authentikGroupName: string; authentikGroupId: string | null }) {
  if (tenant.authentikGroupId) return tenant.authentikGroupId;
  const group = await ensureGroup(context.authentik, tenant.authentikGroupName, { castello_tenant: tenant.slug });
  await context.db.update(tenants).set({ authentikGroupId: group.pk }).where(eq(tenants.id, tenant.id));
  return group.pk;
}

/** Another active membership of the same person on the same tenant keeps their group and Immich user. */
async function stillHeldOnTenant(context: JobContext, member: { id: number; authentikSub: string; tenantId: number }) {
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.authentikSub, member.authentikSub), eq(members.tenantId, member.tenantId), eq(members.status, "active"), ne(members.id, member.id)));
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

/** Deactivates the Authentik user only when no family (on any tenant) holds this person any more. */
export async function deactivateUserIfUnused(payload: JobPayload<"authentik.deactivate-user-if-unused">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status === "active" || !row.member.authentikUserPk) return { skipped: "still active" };
  const [other] = await context.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.authentikSub, row.member.authentikSub), eq(members.status, "active")));
  if (other) return { skipped: "held by another family" };
  try {
    await setUserActive(context.authentik, row.member.authentikUserPk, false);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** As the family's setting says: soft-delete (restorable during Immich's grace period) or keep. */
export async function removeImmichUser(payload: JobPayload<"immich.remove-user">, context: JobContext) {
  const row = await loadMember(context, payload.memberId);
  if (!row || row.member.status === "active" || !row.member.immichUserId) return { skipped: "nothing to remove" };
  if (row.family.immichRemovalPolicy === "keep") return { skipped: "family keeps removed members' Immich accounts" };
  if (await stillHeldOnTenant(context, row.member)) return { skipped: "member of another family on this tenant" };
  await softDeleteImmichUser(immichConnectionOf(row.tenant, context.keyring), row.member.immichUserId);
}
