import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/actions/action-state";
import { recordAudit } from "@/lib/audit/record";
import { auditEvents, families, invites, members, outboxJobs } from "@/lib/db/schema";
import { purgeClosedFamilies } from "@/lib/families/jobs";
import { closeFamily, closeFamilyAsOperator, restoreFamily } from "@/lib/families/closing";
import { changeFamilyLimits, setFamilyStatus } from "@/lib/families/operator-service";
import { deleteInvitationQueue } from "@/lib/invites/queues";
import { findActiveMembershipsBySub } from "@/lib/families/queries";
import { requireMembership } from "@/lib/membership/require";
import {
  addMemberToGroupQueue,
  deactivateAccountIfUnusedQueue,
  provisionPhotosUserQueue,
  removeMemberFromGroupQueue,
  removePhotosUserQueue,
} from "@/lib/provisioning/queues";
import { createFamilyInput, familyLimitsInput } from "@/lib/families/input";
import { createFamily } from "@/lib/families/service";
import { FAMILIES_PAGE_SIZE, listTenantFamilies } from "@/lib/families/tenant-list";
import { resendInvite } from "@/lib/invites/service";
import { db, inRollback } from "@/tests/support/db";
import {
  actorOf,
  createFamily as insertFamily,
  createFamilyWithRoles,
  createMember,
  createTenant,
  deleteTenants,
  operatorActor,
} from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";

/** Who the mocked viewer says is signed in, and with which areas. */
const session = vi.hoisted(() => ({ sub: null as string | null, areas: [] as string[] }));
vi.mock("@/lib/platform/viewer", () => ({
  getViewer: async () =>
    session.sub ? { sub: session.sub, name: "Someone", email: "someone@example.test", areas: session.areas, memberships: [] } : null,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => translatorFor("en") };
});
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { testKeyring: keyring } = await import("@/tests/support/keyring");
  return { serverDeps: () => ({ db: testDb, keyring: keyring(), now: () => new Date() }) };
});

const {
  changeFamilyLimitsAction,
  createFamilyFormAction,
  resendOwnerInviteAction,
  closeFamilyAsOperatorAction,
  restoreFamilyAction,
  revokeOwnerInviteAction,
  setFamilyStatusAction,
} = await import("@/app/(portal)/operator/actions");

const keyring = testKeyring();
const GB = 1_000_000_000;
const tenantIds: number[] = [];
afterEach(async () => {
  session.sub = null;
  session.areas = [];
  await deleteTenants(db, tenantIds.splice(0));
});

function formData(fields: Record<string, string | number>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, String(value));
  return data;
}

type Action = (previous: ActionState, data: FormData) => Promise<ActionState>;

describe("an operator's families on a tenant", () => {
  it("lists one page with owner, seats and storage; a family waits for its owner until the invite is accepted", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx, { seatLimit: 6, defaultFamilyStorageBytes: 100 * GB });
      const other = await createTenant(tx);
      const waiting = await createFamily(
        {
          actor: operatorActor(),
          input: createFamilyInput.parse({
            tenantId: String(tenant.id),
            name: "Neri",
            ownerEmail: "sofia@example.test",
            seatLimit: "3",
            storageGb: "40",
          }),
        },
        { db: tx, keyring },
      );
      const running = await insertFamily(tx, tenant.id, { name: "Running" });
      const owner = await createMember(tx, running, { role: "owner", displayName: "Rita Running" });
      await createMember(tx, running, { role: "member", quotaBytes: 5 * GB });
      await createFamily(
        {
          actor: operatorActor(),
          input: createFamilyInput.parse({ tenantId: String(other.id), name: "Neri elsewhere", ownerEmail: "x@example.test" }),
        },
        { db: tx, keyring },
      );

      const page = await listTenantFamilies(tx, tenant.id);
      expect(page.total).toBe(page.rows.length);
      const neri = page.rows.find((row) => row.id === waiting.family.id)!;
      expect(neri).toMatchObject({
        name: "Neri",
        waitingForOwner: true,
        ownerEmail: "sofia@example.test",
        ownerInviteId: waiting.ownerInvite.id,
        activeMembers: 0,
        pendingInvites: 1,
        seatLimit: 3,
        allowanceBytes: 40 * GB,
      });
      expect(page.rows.find((row) => row.id === running.id)).toMatchObject({
        waitingForOwner: false,
        ownerName: "Rita Running",
        ownerEmail: owner.email,
        activeMembers: 2,
        seatLimit: 6,
      });
      expect(page.rows.every((row) => row.name !== "Neri elsewhere")).toBe(true);
    }));

  it("finds by name or owner address, treats % and _ as letters, and pages", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx, { seatLimit: 6 });
      for (let i = 0; i < FAMILIES_PAGE_SIZE + 2; i += 1) {
        await createFamily(
          {
            actor: operatorActor(),
            input: createFamilyInput.parse({ tenantId: String(tenant.id), name: `Family ${i}`, ownerEmail: `owner${i}@example.test` }),
          },
          { db: tx, keyring },
        );
      }
      const first = await listTenantFamilies(tx, tenant.id);
      expect(first).toMatchObject({ total: FAMILIES_PAGE_SIZE + 2, pages: 2, page: 1 });
      expect(first.rows).toHaveLength(FAMILIES_PAGE_SIZE);
      const second = await listTenantFamilies(tx, tenant.id, { page: 2 });
      expect(second.rows).toHaveLength(2);
      expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(FAMILIES_PAGE_SIZE + 2);
      expect((await listTenantFamilies(tx, tenant.id, { search: "owner7@" })).rows.map((row) => row.name)).toEqual(["Family 7"]);
      expect((await listTenantFamilies(tx, tenant.id, { search: "family 1" })).total).toBe(11);
      expect((await listTenantFamilies(tx, tenant.id, { search: "%" })).total).toBe(0);
      expect((await listTenantFamilies(tx, tenant.id, { search: "x".repeat(10_000) })).total).toBe(0);
    }));

  it("lets an operator resend a new family's owner invite, and nobody outside the family", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const { family, ownerInvite } = await createFamily(
        {
          actor: operatorActor(),
          input: createFamilyInput.parse({ tenantId: String(tenant.id), name: "Verdi", ownerEmail: "luca@example.test" }),
        },
        { db: tx, keyring },
      );
      const stranger = await createFamilyWithRoles(tx);
      await expect(
        resendInvite({ actor: actorOf(stranger.owner), input: { familyId: family.id, inviteId: ownerInvite.id } }, { db: tx, keyring }),
      ).rejects.toMatchObject({ name: "NotFoundError" });
      const resent = await resendInvite(
        { actor: operatorActor(), input: { familyId: family.id, inviteId: ownerInvite.id } },
        { db: tx, keyring },
      );
      expect(resent.sendCount).toBe(2);
    }));
});

describe("the operator's family actions", () => {
  async function world() {
    const tenant = await createTenant(db, { seatLimit: 6 });
    tenantIds.push(tenant.id);
    const { family, ownerInvite } = await createFamily(
      {
        actor: operatorActor(),
        input: createFamilyInput.parse({
          tenantId: String(tenant.id),
          name: "Authz",
          ownerEmail: `o-${randomUUID().slice(0, 6)}@example.test`,
        }),
      },
      { db, keyring },
    );
    const member = await createMember(db, family, { role: "owner" });
    const closed = await insertFamily(db, tenant.id, {
      status: "closed",
      closedAt: new Date(),
      restorableUntil: new Date(Date.now() + 86_400_000),
    });
    return { tenant, family, ownerInvite, member, closed };
  }

  const cases: Record<string, { action: Action; form: (w: Awaited<ReturnType<typeof world>>) => Record<string, string | number> }> = {
    createFamilyFormAction: {
      action: createFamilyFormAction,
      form: (w) => ({ tenantId: w.tenant.id, name: "Another", ownerEmail: "another@example.test", ownerLocale: "it" }),
    },
    resendOwnerInviteAction: { action: resendOwnerInviteAction, form: (w) => ({ familyId: w.family.id, inviteId: w.ownerInvite.id }) },
    revokeOwnerInviteAction: { action: revokeOwnerInviteAction, form: (w) => ({ familyId: w.family.id, inviteId: w.ownerInvite.id }) },
    changeFamilyLimitsAction: {
      action: changeFamilyLimitsAction,
      form: (w) => ({ familyId: w.family.id, storageGb: "500", seatLimit: "9" }),
    },
    setFamilyStatusAction: { action: setFamilyStatusAction, form: (w) => ({ familyId: w.family.id, status: "suspended" }) },
    restoreFamilyAction: { action: restoreFamilyAction, form: (w) => ({ familyId: w.closed.id }) },
    closeFamilyAsOperatorAction: { action: closeFamilyAsOperatorAction, form: (w) => ({ familyId: w.family.id }) },
  };

  for (const [name, { action, form }] of Object.entries(cases)) {
    it(`${name}: refused to the signed-out, a family's owner and support; changes nothing`, async () => {
      const w = await world();
      const before = await db.select().from(invites).where(eq(invites.familyId, w.family.id));
      const familiesBefore = await db.select().from(families).where(eq(families.tenantId, w.tenant.id));
      expect(await action({}, formData(form(w)))).toMatchObject({ error: "Your session has ended. Sign in again." });
      for (const areas of [["family"], ["support"]]) {
        session.sub = w.member.identitySub;
        session.areas = areas;
        expect(await action({}, formData(form(w)))).toMatchObject({ error: "Not found." });
      }
      expect(await db.select().from(invites).where(eq(invites.familyId, w.family.id))).toEqual(before);
      expect(await db.select().from(families).where(eq(families.tenantId, w.tenant.id))).toEqual(familiesBefore);
    });

    it(`${name}: allowed to an operator`, async () => {
      const w = await world();
      session.sub = `op-${randomUUID()}`;
      session.areas = ["operator"];
      const result = await action({}, formData(form(w))).catch((error: unknown) => {
        // createFamilyFormAction ends with a redirect to the tenant page.
        if (error instanceof Error && error.message === "NEXT_REDIRECT") return { ok: true, redirected: true };
        throw error;
      });
      expect(result).toMatchObject({ ok: true });
    });
  }
});

describe("an operator runs a family", () => {
  it("changes its storage and seats, never below what is in use", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx, { seatLimit: 6 });
      const family = await insertFamily(tx, tenant.id, { storageAllowanceBytes: 100 * GB });
      await createMember(tx, family, { role: "owner", quotaBytes: 40 * GB });
      await createMember(tx, family, { role: "member", quotaBytes: 20 * GB });
      const limits = (storageGb: string, seatLimit: string) =>
        changeFamilyLimits(
          { actor: operatorActor(), input: familyLimitsInput.parse({ familyId: String(family.id), storageGb, seatLimit }) },
          { db: tx },
        );
      await expect(limits("59", "6")).rejects.toMatchObject({ field: "storageGb" });
      await expect(limits("100", "1")).rejects.toMatchObject({ field: "seatLimit" });
      expect(await limits("60", "2")).toMatchObject({ storageAllowanceBytes: 60 * GB, seatLimit: 2 });
      const [audit] = await tx.select().from(auditEvents).where(eq(auditEvents.action, "family.limits.change"));
      expect(audit).toMatchObject({
        familyId: family.id,
        before: { storageAllowanceBytes: 100 * GB, seatLimit: 6 },
        after: { seatLimit: 2 },
      });
      await expect(
        changeFamilyLimits(
          { actor: { type: "member", sub: "x", label: "x" }, input: { familyId: family.id, storageAllowanceBytes: GB, seatLimit: 5 } },
          { db: tx },
        ),
      ).rejects.toMatchObject({ name: "ForbiddenError" });
    }));

  it("suspends: members lose the family page and the group through the queue; reactivating gives both back", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await insertFamily(tx, tenant.id);
      const owner = await createMember(tx, family, { role: "owner", identityAccountId: "41" });
      const member = await createMember(tx, family, { role: "member", identityAccountId: "42" });
      const status = (value: "active" | "suspended") =>
        setFamilyStatus({ actor: operatorActor(), input: { familyId: family.id, status: value } }, { db: tx });
      expect((await status("suspended")).status).toBe("suspended");
      expect(await findActiveMembershipsBySub(tx, owner.identitySub)).toEqual([]);
      await expect(requireMembership(tx, actorOf(owner), family.id)).rejects.toMatchObject({ name: "NotFoundError" });
      const jobsOf = async (queue: string) =>
        (
          await tx
            .select()
            .from(outboxJobs)
            .where(and(eq(outboxJobs.queue, queue), eq(outboxJobs.tenantId, tenant.id)))
        )
          .map((job) => job.subjectId)
          .sort();
      expect(await jobsOf(removeMemberFromGroupQueue.name)).toEqual([String(owner.id), String(member.id)].sort());
      // Suspending twice changes nothing more.
      await status("suspended");
      expect(await jobsOf(removeMemberFromGroupQueue.name)).toHaveLength(2);

      expect((await status("active")).status).toBe("active");
      expect((await findActiveMembershipsBySub(tx, owner.identitySub)).map((m) => m.familyId)).toEqual([family.id]);
      expect(await jobsOf(addMemberToGroupQueue.name)).toEqual([String(owner.id), String(member.id)].sort());
      expect(await jobsOf(provisionPhotosUserQueue.name)).toHaveLength(2);
      const actions = (await tx.select().from(auditEvents).where(eq(auditEvents.familyId, family.id))).map((row) => row.action);
      expect(actions).toEqual(["family.suspend", "family.resume"]);
    }));
});

describe("closing a family", () => {
  it("takes the owner's typed name; every member leaves as the policy says, pending invites are withdrawn; an operator restores it in time", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await insertFamily(tx, tenant.id, { name: "Rossi family" });
      const owner = await createMember(tx, family, { role: "owner", identityAccountId: "51" });
      const admin = await createMember(tx, family, { role: "admin", identityAccountId: "52" });
      await tx.insert(invites).values({
        tenantId: tenant.id,
        familyId: family.id,
        email: "late@example.test",
        role: "member",
        tokenHash: `hash-${randomUUID()}`,
        expiresAt: new Date(Date.now() + 86_400_000),
        identityInvitationId: "inv-1",
      });
      const close = (actor: ReturnType<typeof actorOf>, confirm: string) =>
        closeFamily({ actor, input: { familyId: family.id, confirm } }, { db: tx });
      await expect(close(actorOf(admin), "Rossi family")).rejects.toMatchObject({ name: "ForbiddenError" });
      await expect(close(actorOf(owner), "Rossi")).rejects.toMatchObject({ name: "ValidationError" });
      expect((await tx.select().from(families).where(eq(families.id, family.id)))[0]!.status).toBe("active");

      const closed = await close(actorOf(owner), "  rossi   FAMILY ");
      expect(closed).toMatchObject({ status: "closed", closedAt: expect.any(Date), restorableUntil: expect.any(Date) });
      expect(closed.restorableUntil!.getTime() - closed.closedAt!.getTime()).toBe(14 * 86_400_000);
      expect((await tx.select().from(invites).where(eq(invites.familyId, family.id))).map((invite) => invite.status)).toEqual(["revoked"]);
      const queued = await tx.select().from(outboxJobs).where(eq(outboxJobs.tenantId, tenant.id));
      const byQueue = (name: string) =>
        queued
          .filter((job) => job.queue === name)
          .map((job) => job.subjectId)
          .sort();
      for (const queue of [removeMemberFromGroupQueue, deactivateAccountIfUnusedQueue, removePhotosUserQueue]) {
        expect(byQueue(queue.name)).toEqual([String(owner.id), String(admin.id)].sort());
      }
      expect(byQueue(deleteInvitationQueue.name)).toHaveLength(1);
      expect(await findActiveMembershipsBySub(tx, owner.identitySub)).toEqual([]);

      await expect(restoreFamily({ actor: actorOf(owner), input: { familyId: family.id } }, { db: tx })).rejects.toMatchObject({
        name: "ForbiddenError",
      });
      const late = () => new Date(Date.now() + 15 * 86_400_000);
      await expect(restoreFamily({ actor: operatorActor(), input: { familyId: family.id } }, { db: tx, now: late })).rejects.toMatchObject({
        name: "ConflictError",
      });
      expect((await restoreFamily({ actor: operatorActor(), input: { familyId: family.id } }, { db: tx })).status).toBe("active");
      expect((await findActiveMembershipsBySub(tx, owner.identitySub)).map((m) => m.familyId)).toEqual([family.id]);
      expect(byQueue(addMemberToGroupQueue.name)).toEqual([]);
      const after = await tx
        .select()
        .from(outboxJobs)
        .where(and(eq(outboxJobs.tenantId, tenant.id), eq(outboxJobs.queue, addMemberToGroupQueue.name)));
      expect(after).toHaveLength(2);
      const actions = (await tx.select().from(auditEvents).where(eq(auditEvents.familyId, family.id))).map((row) => row.action);
      expect(actions).toEqual(["family.close", "family.restore"]);
      await expect(restoreFamily({ actor: operatorActor(), input: { familyId: family.id } }, { db: tx })).rejects.toMatchObject({
        name: "ConflictError",
      });

      // An operator deletes it the same way: no typed name, the dialog confirmed it; members cannot.
      await expect(closeFamilyAsOperator({ actor: actorOf(owner), input: { familyId: family.id } }, { db: tx })).rejects.toMatchObject({
        name: "ForbiddenError",
      });
      expect((await closeFamilyAsOperator({ actor: operatorActor(), input: { familyId: family.id } }, { db: tx })).status).toBe("closed");
      await expect(closeFamilyAsOperator({ actor: operatorActor(), input: { familyId: family.id } }, { db: tx })).rejects.toMatchObject({
        name: "ConflictError",
      });
    }));
});

describe("the purge of closed families", () => {
  it("purges only closed families past their window, with their members and invites, and keeps the history", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const day = 86_400_000;
      const due = await insertFamily(tx, tenant.id, {
        status: "closed",
        closedAt: new Date(Date.now() - 15 * day),
        restorableUntil: new Date(Date.now() - day),
      });
      const waiting = await insertFamily(tx, tenant.id, {
        status: "closed",
        closedAt: new Date(),
        restorableUntil: new Date(Date.now() + day),
      });
      const running = await insertFamily(tx, tenant.id);
      const gone = await createMember(tx, due, { role: "owner" });
      await recordAudit(tx, operatorActor(), {
        action: "family.close",
        tenantId: tenant.id,
        familyId: due.id,
        entity: { type: "family", id: due.id },
      });

      expect(await purgeClosedFamilies({}, { db: tx })).toEqual({ purged: 1 });
      const left = (await tx.select({ id: families.id }).from(families).where(eq(families.tenantId, tenant.id)))
        .map((row) => row.id)
        .sort();
      expect(left).toEqual([waiting.id, running.id].sort());
      expect(await tx.select().from(members).where(eq(members.id, gone.id))).toEqual([]);
      const history = await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant.id));
      expect(history.map((row) => [row.action, row.familyId, row.entityId])).toEqual(
        expect.arrayContaining([
          ["family.close", null, String(due.id)],
          ["family.purge", null, String(due.id)],
        ]),
      );
      expect(await purgeClosedFamilies({}, { db: tx })).toEqual({ purged: 0 });
    }));
});
