import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/connect";
import { auditEvents, members, outboxJobs, tenants, type FamilyRole } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { changeRoleInput } from "@/lib/members/input";
import { changeMemberQuota, changeMemberRole, leaveFamily, removeMember, transferOwnership } from "@/lib/members/service";
import { inRollback } from "@/tests/support/db";
import { actorOf, createFamilyWithRoles, createInvite, createMember } from "@/tests/support/factories";

const GB = 1_000_000_000;
const DEPARTURE_JOBS = ["identity.deactivate-account-if-unused", "identity.remove-member-from-group", "photos.remove-user"];

type Actor = { identitySub: string; displayName: string };
type Ref = { familyId: number; memberId: number };

const setRole = (tx: Database, by: Actor, ref: Ref, role: FamilyRole) =>
  changeMemberRole({ actor: actorOf(by), input: { ...ref, role: role as Exclude<FamilyRole, "owner"> } }, { db: tx });
const setQuota = (tx: Database, by: Actor, ref: Ref, gb: number) =>
  changeMemberQuota({ actor: actorOf(by), input: { ...ref, quotaBytes: gb * GB } }, { db: tx });
const remove = (tx: Database, by: Actor, ref: Ref) => removeMember({ actor: actorOf(by), input: ref }, { db: tx });
const leave = (tx: Database, by: Actor, familyId: number) => leaveFamily({ actor: actorOf(by), input: { familyId } }, { db: tx });
const transfer = (tx: Database, by: Actor, ref: Ref) => transferOwnership({ actor: actorOf(by), input: ref }, { db: tx });

const ref = (target: { id: number; familyId: number }): Ref => ({ familyId: target.familyId, memberId: target.id });
const current = async (tx: Database, id: number) => (await tx.select().from(members).where(eq(members.id, id)))[0]!;
const jobsOf = (tx: Database, memberId: number) =>
  tx
    .select()
    .from(outboxJobs)
    .where(and(eq(outboxJobs.subjectType, "member"), eq(outboxJobs.subjectId, String(memberId))));
const auditOf = (tx: Database, memberId: number) =>
  tx
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "member"), eq(auditEvents.entityId, String(memberId))));

describe("changing roles", () => {
  it("lets the owner change anyone else's role, audited", () =>
    inRollback(async (tx) => {
      const { owner, admin, member } = await createFamilyWithRoles(tx);
      expect((await setRole(tx, owner, ref(admin), "member")).role).toBe("member");
      expect((await setRole(tx, owner, ref(member), "admin")).role).toBe("admin");
      expect(await auditOf(tx, admin.id)).toEqual([
        expect.objectContaining({
          action: "member.role.change",
          actorSub: owner.identitySub,
          before: { role: "admin" },
          after: { role: "member" },
        }),
      ]);
    }));

  it("lets an admin manage members and guests, up to admin", () =>
    inRollback(async (tx) => {
      const { admin, member, guest } = await createFamilyWithRoles(tx);
      expect((await setRole(tx, admin, ref(member), "guest")).role).toBe("guest");
      expect((await setRole(tx, admin, ref(guest), "admin")).role).toBe("admin");
    }));

  it("keeps an admin away from another admin and from the owner", () =>
    inRollback(async (tx) => {
      const { family, owner, admin } = await createFamilyWithRoles(tx);
      const otherAdmin = await createMember(tx, family, { role: "admin" });
      await expect(setRole(tx, admin, ref(otherAdmin), "member")).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "You cannot change this member's role.",
      });
      await expect(setRole(tx, admin, ref(owner), "member")).rejects.toBeInstanceOf(ForbiddenError);
      expect((await current(tx, otherAdmin.id)).role).toBe("admin");
      expect((await current(tx, owner.id)).role).toBe("owner");
    }));

  it("makes nobody owner by a role change, and lets nobody change their own role", () =>
    inRollback(async (tx) => {
      const { owner, admin, member } = await createFamilyWithRoles(tx);
      expect(changeRoleInput.safeParse({ familyId: "1", memberId: "2", role: "owner" }).success).toBe(false);
      await expect(setRole(tx, owner, ref(admin), "owner")).rejects.toMatchObject({ constructor: ForbiddenError, field: "role" });
      await expect(setRole(tx, admin, ref(member), "owner")).rejects.toMatchObject({ constructor: ForbiddenError, field: "role" });
      await expect(setRole(tx, owner, ref(owner), "admin")).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "You cannot change your own role.",
      });
      await expect(setRole(tx, admin, ref(admin), "guest")).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "You cannot change your own role.",
      });
      expect((await current(tx, admin.id)).role).toBe("admin");
      expect((await current(tx, member.id)).role).toBe("member");
    }));

  it("refuses members and guests", () =>
    inRollback(async (tx) => {
      const { member, guest } = await createFamilyWithRoles(tx);
      await expect(setRole(tx, member, ref(guest), "member")).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setRole(tx, guest, ref(member), "guest")).rejects.toBeInstanceOf(ForbiddenError);
    }));
});

describe("changing storage", () => {
  it("sets a quota within the allowance, audited, and queues the Immich update", () =>
    inRollback(async (tx) => {
      const { owner, member } = await createFamilyWithRoles(tx, { family: { storageAllowanceBytes: 100 * GB } });
      const updated = await setQuota(tx, owner, ref(member), 30);
      expect(updated.quotaBytes).toBe(30 * GB);
      expect(await auditOf(tx, member.id)).toEqual([
        expect.objectContaining({ action: "member.quota.change", before: { quotaBytes: null }, after: { quotaBytes: 30 * GB } }),
      ]);
      expect(await jobsOf(tx, member.id)).toEqual([
        expect.objectContaining({ queue: "photos.update-quota", payload: { memberId: member.id }, status: "pending" }),
      ]);
    }));

  it("refuses more than what other members and pending invites leave, not counting the member's own quota", () =>
    inRollback(async (tx) => {
      const { family, owner, admin, member } = await createFamilyWithRoles(tx, { family: { storageAllowanceBytes: 100 * GB } });
      await tx
        .update(members)
        .set({ quotaBytes: 20 * GB })
        .where(eq(members.id, admin.id));
      await tx
        .update(members)
        .set({ quotaBytes: 50 * GB })
        .where(eq(members.id, member.id));
      await createInvite(tx, family, { quotaBytes: 20 * GB });

      await expect(setQuota(tx, owner, ref(member), 61)).rejects.toMatchObject({
        constructor: LimitExceededError,
        field: "quotaGb",
        message: "At most 60 GB can be given to this member.",
      });
      expect((await current(tx, member.id)).quotaBytes).toBe(50 * GB);
      expect(await jobsOf(tx, member.id)).toEqual([]);
      expect((await setQuota(tx, owner, ref(member), 60)).quotaBytes).toBe(60 * GB);
    }));

  it("keeps an admin away from another admin's and the owner's storage, and refuses members", () =>
    inRollback(async (tx) => {
      const { family, owner, admin, member, guest } = await createFamilyWithRoles(tx);
      const otherAdmin = await createMember(tx, family, { role: "admin" });
      await expect(setQuota(tx, admin, ref(otherAdmin), 1)).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "You cannot change this member's storage.",
      });
      await expect(setQuota(tx, admin, ref(owner), 1)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setQuota(tx, member, ref(guest), 1)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(setQuota(tx, member, ref(member), 1)).rejects.toBeInstanceOf(ForbiddenError);
      expect((await setQuota(tx, admin, ref(guest), 1)).quotaBytes).toBe(GB);
    }));
});

describe("removing and leaving", () => {
  it("removes a member: status removed, audited, and the three departure jobs queued", () =>
    inRollback(async (tx) => {
      const { owner, admin } = await createFamilyWithRoles(tx);
      const removed = await remove(tx, owner, ref(admin));
      expect(removed).toMatchObject({ status: "removed", removedAt: expect.any(Date) });
      const jobs = await jobsOf(tx, admin.id);
      expect(jobs.map((job) => job.queue).sort()).toEqual(DEPARTURE_JOBS);
      expect(jobs.map((job) => job.payload)).toEqual([{ memberId: admin.id }, { memberId: admin.id }, { memberId: admin.id }]);
      expect(await auditOf(tx, admin.id)).toEqual([
        expect.objectContaining({ action: "member.remove", before: { status: "active", role: "admin" }, after: { status: "removed" } }),
      ]);
      // Gone from the family: neither a target any more nor an actor.
      await expect(remove(tx, owner, ref(admin))).rejects.toMatchObject({ constructor: NotFoundError, message: "No such member." });
      await expect(remove(tx, admin, ref(owner))).rejects.toMatchObject({ constructor: NotFoundError, message: "No such family." });
    }));

  it("lets an admin remove members and guests only, and nobody remove themselves", () =>
    inRollback(async (tx) => {
      const { family, owner, admin, member, guest } = await createFamilyWithRoles(tx);
      const otherAdmin = await createMember(tx, family, { role: "admin" });
      await expect(remove(tx, admin, ref(otherAdmin))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(remove(tx, admin, ref(owner))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(remove(tx, admin, ref(admin))).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "Use “Leave family” to remove yourself.",
      });
      await expect(remove(tx, owner, ref(owner))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(remove(tx, member, ref(guest))).rejects.toBeInstanceOf(ForbiddenError);
      expect((await remove(tx, admin, ref(member))).status).toBe("removed");
      expect((await remove(tx, admin, ref(guest))).status).toBe("removed");
      expect(await jobsOf(tx, otherAdmin.id)).toEqual([]);
    }));

  it("lets anyone but the owner leave, with the departure jobs; the owner leaves after a transfer", () =>
    inRollback(async (tx) => {
      const { family, owner, admin, guest } = await createFamilyWithRoles(tx);
      expect(await leave(tx, guest, family.id)).toMatchObject({ status: "left" });
      expect((await jobsOf(tx, guest.id)).map((job) => job.queue).sort()).toEqual(DEPARTURE_JOBS);
      expect(await auditOf(tx, guest.id)).toEqual([expect.objectContaining({ action: "member.leave", actorSub: guest.identitySub })]);

      await expect(leave(tx, owner, family.id)).rejects.toMatchObject({
        constructor: ConflictError,
        message: "The owner cannot leave: transfer ownership first.",
      });
      expect((await current(tx, owner.id)).status).toBe("active");
      await transfer(tx, owner, ref(admin));
      expect((await leave(tx, owner, family.id)).status).toBe("left");
    }));
});

describe("transferring ownership", () => {
  it("makes the new owner and turns the old owner into an admin, audited", () =>
    inRollback(async (tx) => {
      const { family, owner, member } = await createFamilyWithRoles(tx);
      expect((await transfer(tx, owner, ref(member))).role).toBe("owner");
      expect((await current(tx, owner.id)).role).toBe("admin");
      const owners = await tx
        .select()
        .from(members)
        .where(and(eq(members.familyId, family.id), eq(members.role, "owner")));
      expect(owners.map((row) => row.id)).toEqual([member.id]);
      const [audit] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.familyId, family.id), eq(auditEvents.action, "family.ownership.transfer")));
      expect(audit).toMatchObject({ actorSub: owner.identitySub, before: { owner: owner.id }, after: { owner: member.id } });
    }));

  it("refuses a guest as owner, the owner themself, and anyone but the owner", () =>
    inRollback(async (tx) => {
      const { owner, admin, member, guest } = await createFamilyWithRoles(tx);
      await expect(transfer(tx, owner, ref(guest))).rejects.toMatchObject({
        constructor: ForbiddenError,
        message: "A guest cannot own a family: make them a member first.",
      });
      await expect(transfer(tx, owner, ref(owner))).rejects.toBeInstanceOf(ConflictError);
      await expect(transfer(tx, admin, ref(member))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(transfer(tx, member, ref(member))).rejects.toBeInstanceOf(ForbiddenError);
      expect((await current(tx, owner.id)).role).toBe("owner");
      expect((await current(tx, guest.id)).role).toBe("guest");
    }));
});

describe("outsiders and suspended tenants", () => {
  /** Every verb, as `by` on `target` (a member of the family) with the given family id. */
  const verbs: Record<string, (tx: Database, by: Actor, target: Ref) => Promise<unknown>> = {
    changeMemberRole: (tx, by, target) => setRole(tx, by, target, "guest"),
    changeMemberQuota: (tx, by, target) => setQuota(tx, by, target, 1),
    removeMember: (tx, by, target) => remove(tx, by, target),
    leaveFamily: (tx, by, target) => leave(tx, by, target.familyId),
    transferOwnership: (tx, by, target) => transfer(tx, by, target),
  };

  it.each(Object.keys(verbs))("%s: another family's owner finds neither the family nor its members", (verb) =>
    inRollback(async (tx) => {
      const { member } = await createFamilyWithRoles(tx);
      const other = await createFamilyWithRoles(tx);
      await expect(verbs[verb]!(tx, other.owner, ref(member))).rejects.toMatchObject({
        constructor: NotFoundError,
        message: "No such family.",
      });
      if (verb !== "leaveFamily") {
        // Their own family's id with our member's id: no such member there.
        const crossed = { familyId: other.family.id, memberId: member.id };
        await expect(verbs[verb]!(tx, other.owner, crossed)).rejects.toMatchObject({
          constructor: NotFoundError,
          message: "No such member.",
        });
      }
      expect(await current(tx, member.id)).toMatchObject({ status: "active", role: "member", quotaBytes: null });
      expect(await jobsOf(tx, member.id)).toEqual([]);
    }),
  );

  it.each(Object.keys(verbs))("%s: nobody acts in a family of a suspended tenant", (verb) =>
    inRollback(async (tx) => {
      const { tenant, owner, member } = await createFamilyWithRoles(tx);
      await tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, tenant.id));
      const actor = verb === "leaveFamily" ? member : owner;
      await expect(verbs[verb]!(tx, actor, ref(member))).rejects.toBeInstanceOf(NotFoundError);
      expect(await current(tx, member.id)).toMatchObject({ status: "active", role: "member" });
    }),
  );
});
