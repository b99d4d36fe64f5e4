import { and, eq, ne } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit, type AuditAction } from "@/lib/audit/record";
import { canAssignRole, canManageMember } from "@/lib/auth/permissions";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import type { Database, Executor } from "@/lib/db/connect";
import { families, members, type FamilyRole, type Member } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { requireMembership } from "@/lib/membership/require";
import { familyUsage } from "@/lib/membership/usage";
import { enqueueJob } from "@/lib/jobs/outbox";
import { departureSteps } from "@/lib/provisioning/plan";
import { syncFamilyPhotosQueue, updatePhotosQuotaQueue } from "@/lib/provisioning/queues";
import { wholeGb } from "@/lib/storage/bytes";
import { message } from "@/lib/i18n/message";

export interface MemberDeps {
  db: Database;
  now?: () => Date;
}

async function lockMember(tx: Executor, familyId: number, memberId: number): Promise<Member> {
  const [member] = await tx
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.familyId, familyId), eq(members.status, "active")))
    .for("update");
  if (!member) throw new NotFoundError(message("errors.noSuchMember"));
  return member;
}

function audit(
  tx: Executor,
  actor: Actor,
  member: Member,
  action: AuditAction,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  reason?: string,
) {
  return recordAudit(tx, actor, {
    action,
    tenantId: member.tenantId,
    familyId: member.familyId,
    entity: { type: "member", id: member.id },
    before,
    after,
    reason,
  });
}

export async function changeMemberRole(
  { actor, input }: { actor: Actor; input: { familyId: number; memberId: number; role: Exclude<FamilyRole, "owner"> } },
  deps: MemberDeps,
): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ForbiddenError(message("errors.ownRole"));
    if (!canManageMember(me.role, target.role)) throw new ForbiddenError(message("errors.memberRoleForbidden"));
    if (!canAssignRole(me.role, input.role)) throw new ForbiddenError(message("errors.assignRoleForbidden", { role: input.role }), "role");
    if (target.role === input.role) return target;
    const [updated] = await tx
      .update(members)
      .set({ role: input.role, updatedAt: new Date() })
      .where(eq(members.id, target.id))
      .returning();
    const change = await audit(tx, actor, target, "member.role.change", { role: target.role }, { role: input.role });
    // In a family with one library, guests sign in to its guest account: to or from guest changes the account.
    const [family] = await tx.select({ sharingMode: families.sharingMode }).from(families).where(eq(families.id, target.familyId));
    if (family!.sharingMode === "shared_library" && (target.role === "guest") !== (input.role === "guest")) {
      await enqueueJob(tx, {
        queue: syncFamilyPhotosQueue,
        payload: { memberId: target.id },
        subject: { type: "member", id: target.id },
        occurrence: ["audit", change],
        tenantId: target.tenantId,
      });
    }
    return updated!;
  });
}

/** Changes a member's storage quota within the family's allowance; Immich follows through the queue. */
export async function changeMemberQuota(
  { actor, input }: { actor: Actor; input: { familyId: number; memberId: number; quotaBytes: number } },
  deps: MemberDeps,
): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const [family] = await tx.select().from(families).where(eq(families.id, input.familyId)).for("update");
    const target = await lockMember(tx, input.familyId, input.memberId);
    const mayChange = target.id === me.memberId ? me.role === "owner" : canManageMember(me.role, target.role);
    if (!mayChange) throw new ForbiddenError(message("errors.memberStorageForbidden"));
    const { allocatedBytes } = await familyUsage(tx, input.familyId, { exceptMemberId: target.id });
    const left = family!.storageAllowanceBytes - allocatedBytes;
    if (input.quotaBytes > left)
      throw new LimitExceededError(message("errors.memberQuotaLeft", { left: `${wholeGb(left)} GB` }), "quotaGb");
    const [updated] = await tx
      .update(members)
      .set({ quotaBytes: input.quotaBytes, updatedAt: new Date() })
      .where(eq(members.id, target.id))
      .returning();
    const change = await audit(
      tx,
      actor,
      target,
      "member.quota.change",
      { quotaBytes: target.quotaBytes },
      { quotaBytes: input.quotaBytes },
    );
    await enqueueJob(tx, {
      queue: updatePhotosQuotaQueue,
      payload: { memberId: target.id },
      subject: { type: "member", id: target.id },
      occurrence: ["audit", change],
      tenantId: target.tenantId,
    });
    return updated!;
  });
}

/** A departure: the member row, its audit row, and the plan's departure jobs, in the caller's transaction. */
async function depart(tx: Executor, actor: Actor, target: Member, status: "removed" | "left", action: AuditAction, reason?: string) {
  const now = new Date();
  const [updated] = await tx.update(members).set({ status, removedAt: now, updatedAt: now }).where(eq(members.id, target.id)).returning();
  const departure = await audit(tx, actor, target, action, { status: target.status, role: target.role }, { status }, reason);
  const [family] = await tx.select({ sharingMode: families.sharingMode }).from(families).where(eq(families.id, target.familyId));
  for (const queue of departureSteps(family!)) {
    await enqueueJob(tx, {
      queue,
      payload: { memberId: target.id },
      subject: { type: "member", id: target.id },
      occurrence: ["audit", departure],
      tenantId: target.tenantId,
    });
  }
  // Out of their last family: their portal sessions end now (they may sign in again, to no family).
  const [stillMember] = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.identitySub, target.identitySub), eq(members.status, "active")))
    .limit(1);
  if (!stillMember) await revokeSessionsOf(tx, target.identitySub, "removed from their last family");
  return updated!;
}

export async function removeMember(
  { actor, input }: { actor: Actor; input: { familyId: number; memberId: number } },
  deps: MemberDeps,
): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ForbiddenError(message("errors.removeSelf"));
    if (!canManageMember(me.role, target.role)) throw new ForbiddenError(message("errors.removeForbidden"));
    return depart(tx, actor, target, "removed", "member.remove");
  });
}

export async function leaveFamily({ actor, input }: { actor: Actor; input: { familyId: number } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId);
    if (me.role === "owner") throw new ConflictError(message("errors.ownerCannotLeave"));
    const target = await lockMember(tx, input.familyId, me.memberId);
    return depart(tx, actor, target, "left", "member.leave");
  });
}

/** Hands ownership to another active member, who must not be a guest; the old owner becomes an admin. */
export async function transferOwnership(
  { actor, input }: { actor: Actor; input: { familyId: number; memberId: number } },
  deps: MemberDeps,
): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    // Two transfers at once queue on the family row instead of deadlocking on the owner's row.
    await tx.select({ id: families.id }).from(families).where(eq(families.id, input.familyId)).for("update");
    const me = await requireMembership(tx, actor, input.familyId, "family.transfer");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ConflictError(message("errors.alreadyOwner"));
    if (target.role === "guest") throw new ForbiddenError(message("errors.guestCannotOwn"));
    const current = await lockMember(tx, input.familyId, me.memberId);
    const now = new Date();
    // Demote first: the unique index allows one active owner per family.
    await tx.update(members).set({ role: "admin", updatedAt: now }).where(eq(members.id, current.id));
    const [updated] = await tx
      .update(members)
      .set({ role: "owner", updatedAt: now })
      .where(and(eq(members.id, target.id), ne(members.id, current.id)))
      .returning();
    await audit(tx, actor, current, "family.ownership.transfer", { owner: current.id }, { owner: target.id });
    return updated!;
  });
}
