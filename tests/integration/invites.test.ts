import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { auditEvents, invites, outboxJobs, type Invite } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/errors";
import { createInvitesInput } from "@/lib/invites/input";
import { createInvites, resendInvite, revokeInvite } from "@/lib/invites/service";
import { hashInviteToken, INVITE_TOKEN_PATTERN, inviteTokenContext } from "@/lib/invites/tokens";
import { addDays } from "@/tests/support/dates";
import { inRollback } from "@/tests/support/db";
import { actorOf, createFamily, createFamilyWithRoles, createInvite, createMember } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { englishFieldErrors } from "@/tests/support/english";

const GB = 1_000_000_000;
const keyring = testKeyring();
/** The clock the verbs are given; near the database's, which stamps the audit rows the daily limit counts. */
const NOW = new Date();

type Actor = { identitySub: string; displayName: string };

/** Invites as `by`, with the form's parsing (GB in, bytes out). */
function invite(tx: Database, by: Actor, form: { familyId: number; emails: string; role?: string; quotaGb?: string }, now = NOW) {
  const input = createInvitesInput.parse({ role: "member", ...form, familyId: String(form.familyId) });
  return createInvites({ actor: actorOf(by), input }, { db: tx, keyring, now: () => now });
}

const resend = (tx: Database, by: Actor, ref: { familyId: number; inviteId: number }, now = NOW) =>
  resendInvite({ actor: actorOf(by), input: ref }, { db: tx, keyring, now: () => now });
const revoke = (tx: Database, by: Actor, ref: { familyId: number; inviteId: number }) =>
  revokeInvite({ actor: actorOf(by), input: ref }, { db: tx, now: () => NOW });

const jobsOf = (tx: Database, inviteId: number) =>
  tx
    .select()
    .from(outboxJobs)
    .where(and(eq(outboxJobs.subjectType, "invite"), eq(outboxJobs.subjectId, String(inviteId))));

/** The clear token inside a mail job's sealed payload. */
function unsealedToken(job: { payload: unknown }) {
  const payload = job.payload as { inviteId: number; sendCount: number; sealedToken: string };
  return decryptSecret(keyring, payload.sealedToken, inviteTokenContext(payload.inviteId, payload.sendCount));
}

/** Counts of what a family's invite verbs write: invites, outbox jobs, audit rows. */
async function written(tx: Database, family: { id: number; tenantId: number }) {
  const [rows, jobs, audit] = await Promise.all([
    tx.select().from(invites).where(eq(invites.familyId, family.id)),
    tx.select().from(outboxJobs).where(eq(outboxJobs.tenantId, family.tenantId)),
    tx.select().from(auditEvents).where(eq(auditEvents.familyId, family.id)),
  ]);
  return { invites: rows.map((row) => [row.email, row.status]), jobs: jobs.length, audit: audit.length };
}

async function refusal<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe("inviting", () => {
  it("invites one address, normalized, with its Authentik and mail jobs, the token only sealed, and an audit row", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx);
      const [created] = await invite(tx, owner, {
        familyId: family.id,
        emails: "  Anna.Rossi@Example.TEST ",
        role: "admin",
        quotaGb: "10",
      });
      expect(created).toMatchObject({
        email: "anna.rossi@example.test",
        role: "admin",
        quotaBytes: 10 * GB,
        status: "pending",
        sendCount: 1,
        invitedByMemberId: owner.id,
        expiresAt: addDays(NOW, 7),
        identityInvitationId: null,
        mailSentAt: null,
      });

      const jobs = await jobsOf(tx, created!.id);
      expect(jobs.map((job) => job.queue).sort()).toEqual(["identity.create-invitation", "mail.send-invite"]);
      const authentik = jobs.find((job) => job.queue === "identity.create-invitation")!;
      const mail = jobs.find((job) => job.queue === "mail.send-invite")!;
      expect(authentik).toMatchObject({ status: "pending", tenantId: family.tenantId, payload: { inviteId: created!.id, sendCount: 1 } });
      expect(mail.payload).toEqual({ inviteId: created!.id, sendCount: 1, sealedToken: expect.any(String), reminder: false });

      const token = unsealedToken(mail);
      expect(token).toMatch(INVITE_TOKEN_PATTERN);
      expect(hashInviteToken(token)).toBe(created!.tokenHash);
      expect(created!.tokenHash).not.toContain(token);
      expect(JSON.stringify(jobs)).not.toContain(token);

      const audit = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityType, "invite"), eq(auditEvents.entityId, String(created!.id))));
      expect(audit).toEqual([
        expect.objectContaining({
          action: "invite.create",
          entityType: "invite",
          familyId: family.id,
          actorType: "member",
          actorSub: owner.identitySub,
          actorLabel: owner.displayName,
          after: expect.objectContaining({ email: "anna.rossi@example.test", role: "admin", quotaBytes: 10 * GB }),
        }),
      ]);
      expect(JSON.stringify(audit)).not.toContain(token);
    }));

  it("invites several addresses at once, de-duplicated, each with its own token and an equal share of storage", () =>
    inRollback(async (tx) => {
      const { family, admin } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 10 }, family: { storageAllowanceBytes: 100 * GB } });
      const created = await invite(tx, admin, {
        familyId: family.id,
        emails: "bea@example.test; BEA@example.test,\n<carlo@example.test> dario@Example.test",
      });
      expect(created.map((row) => row.email)).toEqual(["bea@example.test", "carlo@example.test", "dario@example.test"]);
      // No quota given: the allowance split per seat (100 GB / 10), in whole GB.
      expect(created.map((row) => row.quotaBytes)).toEqual([10 * GB, 10 * GB, 10 * GB]);
      expect(new Set(created.map((row) => row.tokenHash)).size).toBe(3);

      for (const row of created) {
        const jobs = await jobsOf(tx, row.id);
        expect(jobs.map((job) => job.queue).sort()).toEqual(["identity.create-invitation", "mail.send-invite"]);
        expect(hashInviteToken(unsealedToken(jobs.find((job) => job.queue === "mail.send-invite")!))).toBe(row.tokenHash);
      }
      const audit = await tx.select().from(auditEvents).where(eq(auditEvents.familyId, family.id));
      expect(audit.map((event) => [event.action, event.actorSub])).toEqual(created.map(() => ["invite.create", admin.identitySub]));
    }));

  it("lets an admin invite up to admin, and nobody invite an owner", () =>
    inRollback(async (tx) => {
      const { family, owner, admin } = await createFamilyWithRoles(tx);
      const [asAdmin] = await invite(tx, admin, { familyId: family.id, emails: "peer@example.test", role: "admin" });
      expect(asAdmin!.role).toBe("admin");

      expect(createInvitesInput.safeParse({ familyId: String(family.id), emails: "x@example.test", role: "owner" }).success).toBe(false);
      for (const inviter of [owner, admin]) {
        const input = { familyId: family.id, emails: "boss@example.test", role: "owner" as unknown as "admin", quotaBytes: undefined };
        const error = await refusal(createInvites({ actor: actorOf(inviter), input }, { db: tx, keyring }), ForbiddenError);
        expect(error).toMatchObject({ field: "role", message: "You cannot invite someone as owner." });
      }
    }));

  it("refuses members and guests (forbidden) and outsiders (no such family)", () =>
    inRollback(async (tx) => {
      const { family, member, guest } = await createFamilyWithRoles(tx);
      const other = await createFamilyWithRoles(tx);
      for (const inviter of [member, guest]) {
        const error = await refusal(invite(tx, inviter, { familyId: family.id, emails: "x@example.test", role: "guest" }), ForbiddenError);
        expect(error.message).toBe("Your role in this family does not allow this.");
      }
      const error = await refusal(invite(tx, other.owner, { familyId: family.id, emails: "x@example.test" }), NotFoundError);
      expect(error.message).toBe("No such family.");
      expect(await written(tx, family)).toEqual({ invites: [], jobs: 0, audit: 0 });
    }));

  it("refuses an address that is already a member, whatever its case, but not a removed member's", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx);
      await createMember(tx, family, { email: "Carla.Bianchi@Example.TEST" });
      await createMember(tx, family, { email: "gone@example.test", status: "removed" });
      for (const emails of ["carla.bianchi@example.test", "CARLA.BIANCHI@EXAMPLE.TEST"]) {
        const error = await refusal(invite(tx, owner, { familyId: family.id, emails }), ValidationError);
        expect(englishFieldErrors(error)).toEqual({ emails: ["Carla.Bianchi@Example.TEST is already a member of this family."] });
      }
      expect(await invite(tx, owner, { familyId: family.id, emails: "Gone@example.test" })).toHaveLength(1);
    }));

  it("refuses an address that already has a pending invite", () =>
    inRollback(async (tx) => {
      const { family, owner, admin } = await createFamilyWithRoles(tx);
      await invite(tx, owner, { familyId: family.id, emails: "dora@example.test" });
      const error = await refusal(invite(tx, admin, { familyId: family.id, emails: "Dora@Example.test" }), ValidationError);
      expect(englishFieldErrors(error)).toEqual({ emails: ["dora@example.test already has a pending invite (resend it instead)."] });
    }));

  it("lets an expired pending invite free its address and its seat", () =>
    inRollback(async (tx) => {
      // 4 members and seat limit 5: the old invite held the last seat until it expired.
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 5 } });
      const [old] = await invite(tx, owner, { familyId: family.id, emails: "eva@example.test" }, addDays(NOW, -8));
      const [again] = await invite(tx, owner, { familyId: family.id, emails: "eva@example.test" });
      expect(again!.id).not.toBe(old!.id);
      const [expired] = await tx.select().from(invites).where(eq(invites.id, old!.id));
      expect(expired!.status).toBe("expired");
    }));

  it("holds a seat per pending invite", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 6 } });
      await invite(tx, owner, { familyId: family.id, emails: "first@example.test" });
      const error = await refusal(invite(tx, owner, { familyId: family.id, emails: "a@example.test b@example.test" }), LimitExceededError);
      expect(error).toMatchObject({ field: "emails", message: "This family has 1 free seat of 6 (pending invites hold a seat)." });
      await invite(tx, owner, { familyId: family.id, emails: "a@example.test" });
      await expect(invite(tx, owner, { familyId: family.id, emails: "b@example.test" })).rejects.toMatchObject({
        constructor: LimitExceededError,
        field: "emails",
      });
    }));

  it("refuses storage beyond the allowance, counting members' quotas and pending invites'", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 10 }, family: { storageAllowanceBytes: 100 * GB } });
      await createMember(tx, family, { quotaBytes: 30 * GB });
      await invite(tx, owner, { familyId: family.id, emails: "held@example.test", quotaGb: "40" });
      const error = await refusal(
        invite(tx, owner, { familyId: family.id, emails: "x@example.test y@example.test", quotaGb: "20" }),
        LimitExceededError,
      );
      expect(error).toMatchObject({ field: "quotaGb", message: "Only 30 GB of the family's storage is left to give." });
      const [fits] = await invite(tx, owner, { familyId: family.id, emails: "x@example.test", quotaGb: "30" });
      expect(fits!.quotaBytes).toBe(30 * GB);
    }));

  it("sends at most 20 invites per family in 24 hours, resends included", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 50 } });
      const addresses = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}${i}@example.test`).join(" ");
      await invite(tx, owner, { familyId: family.id, emails: addresses("a"), quotaGb: "0" });
      const [last] = await invite(tx, owner, { familyId: family.id, emails: addresses("b"), quotaGb: "0" });

      const error = await refusal(
        invite(tx, owner, { familyId: family.id, emails: "one-more@example.test", quotaGb: "0" }),
        LimitExceededError,
      );
      expect(error).toMatchObject({ field: "emails", message: "This family has sent too many invites today. Try again tomorrow." });
      await expect(resend(tx, owner, { familyId: family.id, inviteId: last!.id })).rejects.toBeInstanceOf(LimitExceededError);
      // A day later (the audit rows are older than 24 hours), the family may invite again.
      expect(
        await invite(
          tx,
          owner,
          { familyId: family.id, emails: "one-more@example.test", quotaGb: "0" },
          new Date(Date.now() + 25 * 60 * 60 * 1000),
        ),
      ).toHaveLength(1);
    }));

  it("lists every invalid address, and refuses more than 10 at a time", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 50 } });
      const invalid = await refusal(
        invite(tx, owner, { familyId: family.id, emails: "ok@example.test, nope@ x@y @bad.test" }),
        ValidationError,
      );
      expect(englishFieldErrors(invalid)).toEqual({ emails: ["Not valid e-mail addresses: nope@, x@y, @bad.test"] });
      const many = Array.from({ length: 11 }, (_, i) => `p${i}@example.test`).join(",");
      const tooMany = await refusal(invite(tx, owner, { familyId: family.id, emails: many }), ValidationError);
      expect(englishFieldErrors(tooMany)).toEqual({ emails: ["At most 10 addresses at a time."] });
      expect(await written(tx, family)).toEqual({ invites: [], jobs: 0, audit: 0 });
    }));

  it("writes nothing at all when one of several addresses fails", () =>
    inRollback(async (tx) => {
      const { family, owner, member } = await createFamilyWithRoles(tx);
      const before = await written(tx, family);
      await expect(invite(tx, owner, { familyId: family.id, emails: `fine@example.test ${member.email}` })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(
        invite(tx, owner, { familyId: family.id, emails: "fine@example.test also-fine@example.test more@example.test" }),
      ).rejects.toBeInstanceOf(LimitExceededError);
      expect(await written(tx, family)).toEqual(before);
    }));
});

describe("resending and revoking", () => {
  async function sentInvite(tx: Database) {
    const household = await createFamilyWithRoles(tx);
    const [created] = await invite(tx, household.owner, { familyId: household.family.id, emails: "fabio@example.test" });
    // As the worker leaves it once it ran: an Authentik invitation, the mail sent.
    await tx.update(invites).set({ identityInvitationId: "ak-invitation-1", mailSentAt: NOW }).where(eq(invites.id, created!.id));
    return { ...household, sent: created! };
  }

  it("resends with a new token and hash, a new expiry, sendCount + 1, and deletes the old Authentik invitation", () =>
    inRollback(async (tx) => {
      const { family, admin, sent } = await sentInvite(tx);
      const later = addDays(NOW, 2);
      const again = await resend(tx, admin, { familyId: family.id, inviteId: sent.id }, later);
      expect(again).toMatchObject({ id: sent.id, status: "pending", sendCount: 2, expiresAt: addDays(later, 7), mailSentAt: null });
      expect(again.tokenHash).not.toBe(sent.tokenHash);

      const jobs = await jobsOf(tx, sent.id);
      const second = jobs.filter((job) => (job.payload as { sendCount?: number }).sendCount === 2);
      expect(second.map((job) => job.queue).sort()).toEqual(["identity.create-invitation", "mail.send-invite"]);
      const mail = second.find((job) => job.queue === "mail.send-invite")!;
      expect(mail.payload).toMatchObject({ reminder: true });
      expect(hashInviteToken(unsealedToken(mail))).toBe(again.tokenHash);
      expect(jobs.filter((job) => job.queue === "identity.delete-invitation").map((job) => job.payload)).toEqual([
        { invitationId: "ak-invitation-1" },
      ]);

      const audit = await tx
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.entityType, "invite"), eq(auditEvents.entityId, String(sent.id)), eq(auditEvents.action, "invite.resend")),
        );
      expect(audit).toEqual([expect.objectContaining({ actorSub: admin.identitySub, after: expect.objectContaining({ sendCount: 2 }) })]);
    }));

  it("resends an expired invite, unless its address has a newer pending invite", () =>
    inRollback(async (tx) => {
      const { family, owner } = await createFamilyWithRoles(tx);
      const [old] = await invite(tx, owner, { familyId: family.id, emails: "gina@example.test" }, addDays(NOW, -8));
      const revived = await resend(tx, owner, { familyId: family.id, inviteId: old!.id });
      expect(revived).toMatchObject({ status: "pending", sendCount: 2, expiresAt: addDays(NOW, 7) });
      // No Authentik invitation was ever recorded: nothing to delete.
      expect((await jobsOf(tx, old!.id)).map((job) => job.queue)).not.toContain("identity.delete-invitation");

      await tx
        .update(invites)
        .set({ expiresAt: addDays(NOW, -1) })
        .where(eq(invites.id, old!.id));
      const [newer] = await invite(tx, owner, { familyId: family.id, emails: "gina@example.test" });
      const error = await refusal(resend(tx, owner, { familyId: family.id, inviteId: old!.id }), ConflictError);
      expect(error.message).toBe("This address already has a newer pending invite.");
      expect(newer!.status).toBe("pending");
    }));

  it("re-checks the seats when an expired invite is resent (pending invites hold a seat)", () =>
    inRollback(async (tx) => {
      // 4 members, seat limit 6: the expired invite gave its seat up, and two new invites took the last two.
      const { family, owner } = await createFamilyWithRoles(tx, { tenant: { seatLimit: 6 } });
      const [old] = await invite(tx, owner, { familyId: family.id, emails: "hugo@example.test" }, addDays(NOW, -8));
      await invite(tx, owner, { familyId: family.id, emails: "ines@example.test jon@example.test" });
      await expect(resend(tx, owner, { familyId: family.id, inviteId: old!.id })).rejects.toMatchObject({
        constructor: LimitExceededError,
      });
      const pending = await tx
        .select()
        .from(invites)
        .where(and(eq(invites.familyId, family.id), eq(invites.status, "pending")));
      expect(pending).toHaveLength(2);
    }));

  it("revokes a pending invite and deletes its Authentik invitation; a revoked or accepted one cannot be resent or revoked", () =>
    inRollback(async (tx) => {
      const { family, owner, sent } = await sentInvite(tx);
      const revoked = await revoke(tx, owner, { familyId: family.id, inviteId: sent.id });
      expect(revoked).toMatchObject({ status: "revoked", revokedAt: NOW });
      const deletions = (await jobsOf(tx, sent.id)).filter((job) => job.queue === "identity.delete-invitation");
      expect(deletions.map((job) => job.payload)).toEqual([{ invitationId: "ak-invitation-1" }]);
      const audit = await tx
        .select()
        .from(auditEvents)
        .where(
          and(eq(auditEvents.entityType, "invite"), eq(auditEvents.entityId, String(sent.id)), eq(auditEvents.action, "invite.revoke")),
        );
      expect(audit).toHaveLength(1);

      expect((await refusal(resend(tx, owner, { familyId: family.id, inviteId: sent.id }), ConflictError)).message).toBe(
        "This invite was revoked; send a new one instead.",
      );
      expect((await refusal(revoke(tx, owner, { familyId: family.id, inviteId: sent.id }), ConflictError)).message).toBe(
        "This invite is already revoked.",
      );

      const { invite: accepted } = await createInvite(tx, family, { status: "accepted" });
      expect((await refusal(resend(tx, owner, { familyId: family.id, inviteId: accepted.id }), ConflictError)).message).toBe(
        "This invite was already accepted.",
      );
      expect((await refusal(revoke(tx, owner, { familyId: family.id, inviteId: accepted.id }), ConflictError)).message).toBe(
        "This invite is already accepted.",
      );
    }));

  it("refuses members, outsiders, and an invite of another family", () =>
    inRollback(async (tx) => {
      const { family, member, guest, sent } = await sentInvite(tx);
      const other = await createFamilyWithRoles(tx);
      const ref = { familyId: family.id, inviteId: sent.id };
      for (const actor of [member, guest]) {
        await expect(resend(tx, actor, ref)).rejects.toBeInstanceOf(ForbiddenError);
        await expect(revoke(tx, actor, ref)).rejects.toBeInstanceOf(ForbiddenError);
      }
      await expect(resend(tx, other.owner, ref)).rejects.toMatchObject({ constructor: NotFoundError, message: "No such family." });
      await expect(revoke(tx, other.owner, ref)).rejects.toMatchObject({ constructor: NotFoundError, message: "No such family." });
      // Their own family id with our invite's id: still nothing to find.
      const crossed = { familyId: other.family.id, inviteId: sent.id };
      await expect(resend(tx, other.owner, crossed)).rejects.toMatchObject({ constructor: NotFoundError, message: "No such invite." });
      await expect(revoke(tx, other.owner, crossed)).rejects.toMatchObject({ constructor: NotFoundError, message: "No such invite." });

      const [unchanged] = await tx.select().from(invites).where(eq(invites.id, sent.id));
      expect(unchanged).toMatchObject<Partial<Invite>>({ status: "pending", sendCount: 1, tokenHash: sent.tokenHash });
    }));

  it("keeps families apart: a sibling family on the same tenant is not found either", () =>
    inRollback(async (tx) => {
      const { tenant, owner } = await createFamilyWithRoles(tx);
      const sibling = await createFamily(tx, tenant.id);
      await expect(invite(tx, owner, { familyId: sibling.id, emails: "x@example.test" })).rejects.toBeInstanceOf(NotFoundError);
    }));
});
