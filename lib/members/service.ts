import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import { canAssignRole, canManageMember } from "@/lib/auth/permissions";
import type { Database, Executor } from "@/lib/db/connect";
import { auditEvents, families, members, type FamilyRole, type Member } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { requireMembership, type FamilyActor } from "@/lib/families/membership";
import { enqueueJob } from "@/lib/jobs/outbox";

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
  if (!member) throw new NotFoundError("No such member.");
  return member;
}

function audit(tx: Executor, actor: FamilyActor, member: Member, action: string, before: Record<string, unknown>, after: Record<string, unknown>, reason?: string) {
  return tx.insert(auditEvents).values({
    tenantId: member.tenantId,
    familyId: member.familyId,
    actorType: "member",
    actorSub: actor.sub,
    actorLabel: actor.label,
    action,
    entityType: "member",
    entityId: String(member.id),
    before,
    after,
    reason,
  });
}

export async function changeMemberRole({ actor, input }: { actor: FamilyActor; input: { familyId: number; memberId: number; role: Exclude<FamilyRole, "owner"> } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ForbiddenError("You cannot change your own role.");
    if (!canManageMember(me.role, target.role)) throw new ForbiddenError("You cannot change this member's role.");
    if (!canAssignRole(me.role, input.role)) throw new ForbiddenError(`You cannot make someone ${input.role}.`, "role");
    if (target.role === input.role) return target;
    const [updated] = await tx.update(members).set({ role: input.role, updatedAt: new Date() }).where(eq(members.id, target.id)).returning();
    await audit(tx, actor, target, "member.role.change", { role: target.role }, { role: input.role });
    return updated!;
  });
}

/** Changes a member's storage quota within the family's allowance; Immich follows through the queue. */
export async function changeMemberQuota({ actor, input }: { actor: FamilyActor; input: { familyId: number; memberId: number; quotaGb: number } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const [family] = await tx.select().from(families).where(eq(families.id, input.familyId)).for("update");
    const target = await lockMember(tx, input.familyId, input.memberId);
    const mayChange = target.id === me.memberId ? me.role === "owner" : canManageMember(me.role, target.role);
    if (!mayChange) throw new ForbiddenError("You cannot change this member's storage.");
    const [others] = (await tx.execute(sql`
      select (coalesce((select sum(quota_bytes) from members where family_id = ${input.familyId} and status = 'active' and id <> ${target.id}), 0)
        + coalesce((select sum(quota_bytes) from invites where family_id = ${input.familyId} and status = 'pending'), 0))::bigint as allocated
    `)) as unknown as { allocated: string }[];
    const left = family!.storageAllowanceBytes - Number(others!.allocated);
    if (input.quotaGb > left) throw new LimitExceededError(`At most ${Math.floor(left / 1e9)} GB can be given to this member.`, "quotaGb");
    const [updated] = await tx.update(members).set({ quotaBytes: input.quotaGb, updatedAt: new Date() }).where(eq(members.id, target.id)).returning();
    await audit(tx, actor, target, "member.quota.change", { quotaBytes: target.quotaBytes }, { quotaBytes: input.quotaGb });
    await enqueueJob(tx, {
      queue: "immich.update-quota",
      payload: { memberId: target.id },
      dedupeKey: `immich.update-quota:member:${target.id}:${Date.now()}`,
      subject: { type: "member", id: target.id },
      tenantId: target.tenantId,
    });
    return updated!;
  });
}

/** The jobs of a departure: tenant group, Authentik account (if no family holds it), Immich account. */
async function enqueueDeparture(tx: Executor, member: Member) {
  const subject = { type: "member", id: member.id };
  for (const queue of ["authentik.remove-member-from-group", "authentik.deactivate-user-if-unused", "immich.remove-user"] as const) {
    await enqueueJob(tx, { queue, payload: { memberId: member.id }, dedupeKey: `${queue}:member:${member.id}:${member.updatedAt.getTime()}`, subject, tenantId: member.tenantId });
  }
}

async function depart(tx: Executor, actor: FamilyActor, target: Member, status: "removed" | "left", action: string, reason?: string) {
  const now = new Date();
  const [updated] = await tx.update(members).set({ status, removedAt: now, updatedAt: now }).where(eq(members.id, target.id)).returning();
  await audit(tx, actor, target, action, { status: target.status, role: target.role }, { status }, reason);
  await enqueueDeparture(tx, updated!);
  return updated!;
}

export async function removeMember({ actor, input }: { actor: FamilyActor; input: { familyId: number; memberId: number } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "member.manage");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ForbiddenError("Use “Leave family” to remove yourself.");
    if (!canManageMember(me.role, target.role)) throw new ForbiddenError("You cannot remove this member.");
    return depart(tx, actor, target, "removed", "member.remove");
  });
}

export async function leaveFamily({ actor, input }: { actor: FamilyActor; input: { familyId: number } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId);
    if (me.role === "owner") throw new ConflictError("The owner cannot leave: transfer ownership first.");
    const target = await lockMember(tx, input.familyId, me.memberId);
    return depart(tx, actor, target, "left", "member.leave");
  });
}

/** Hands ownership to another active member, who must not be a guest; the old owner becomes an admin. */
export async function transferOwnership({ actor, input }: { actor: FamilyActor; input: { familyId: number; memberId: number } }, deps: MemberDeps): Promise<Member> {
  return deps.db.transaction(async (tx) => {
    const me = await requireMembership(tx, actor, input.familyId, "family.transfer");
    const target = await lockMember(tx, input.familyId, input.memberId);
    if (target.id === me.memberId) throw new ConflictError("You already own this family.");
    if (target.role === "guest") throw new ForbiddenError("A guest cannot own a family: make them a member first.");
    const current = await lockMember(tx, input.familyId, me.memberId);
    const now = new Date();
    // Demote first: the unique index allows one active owner per family.
    await tx.update(members).set({ role: "admin", updatedAt: now }).where(eq(members.id, current.id));
    const [updated] = await tx.update(members).set({ role: "owner", updatedAt: now }).where(and(eq(members.id, target.id), ne(members.id, current.id))).returning();
    await audit(tx, actor, current, "family.ownership.transfer", { owner: current.id }, { owner: target.id });
    return updated!;
  });
}
