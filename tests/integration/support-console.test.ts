import { randomUUID } from "node:crypto";
import { UserStatus } from "@immich/sdk";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startBoss } from "@/lib/jobs/boss";
import type { Actor } from "@/lib/audit/actor";
import { openSession, sessionIsLive } from "@/lib/auth/sessions";
import { auditEvents, members, outboxJobs } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import type { JobContext } from "@/lib/platform/jobs";
import { addMemberToGroup } from "@/lib/members/jobs";
import { registerTenantInput } from "@/lib/tenants/input";
import { registerTenant } from "@/lib/tenants/service";
import { reasonField } from "@/lib/support/input";
import { personRecord, reviewIsOpen, supportViewsOf } from "@/lib/support/person";
import { createRecoveryLink, reactivateAccount, resetMfa, restorePhotosUser, sendRecoveryEmail, suspendAccount } from "@/lib/support/jobs";
import {
  createPersonRecoveryLink,
  openAccountReview,
  reactivatePerson,
  resetPersonMfa,
  restorePersonPhotos,
  revealRecoveryLink,
  sendPersonRecoveryEmail,
  suspendPerson,
} from "@/lib/support/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { db } from "@/tests/support/db";
import { createFamily, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

const keyring = testKeyring();
const photos = testPhotos(keyring);
const tenantIds: number[] = [];
let authentik: AuthentikSandbox;
let immich: FakeImmich;

const agent: Actor = { type: "support", sub: `agent-${randomUUID()}`, label: "Sam Support" };
const otherAgent: Actor = { type: "support", sub: `agent-${randomUUID()}`, label: "Sue Support" };
const REASON = "Ticket: lost phone, cannot sign in";

beforeAll(async () => {
  // The review reads pg-boss's job table beside the outbox: it must exist, as it does once a worker ran.
  await (await startBoss({ databaseUrl: inject("databaseUrl") })).stop({ graceful: false });
  authentik = await startAuthentikSandbox();
  immich = await startFakeImmich();
});
afterAll(async () => {
  await deleteTenants(db, tenantIds);
  await Promise.all([authentik.server.close(), immich.close()]);
});
afterEach(() => authentik.faults.clear());

const context = () => ({ db, identity: authentik.identity, photos, keyring, staffGroups: [] }) as unknown as JobContext;

/** A member with an Authentik account (with a TOTP device) and a photos user on a real (fake) Immich. */
async function person() {
  const input = registerTenantInput.parse({
    slug: `support-${randomUUID().slice(0, 8)}`,
    displayName: "Foto Support",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "100",
    seatLimit: "6",
  });
  const { tenant } = await registerTenant({ actor: operatorActor(), input }, { db, keyring, photos });
  tenantIds.push(tenant.id);
  const family = await createFamily(db, tenant.id, { name: "Bianchi" });
  const email = `nina-${randomUUID().slice(0, 8)}@example.test`;
  const user = authentik.directory.createUser({ username: email, name: "Nina Bianchi", email, password: "castello-sandbox-1" });
  authentik.state.addDevice(user.pk, "totp", { name: "Phone" });
  authentik.state.addDevice(user.pk, "webauthn", { name: "Laptop key" });
  const photosUser = await photos.forTenant(tenant).createUser({ email, name: "Nina Bianchi", quotaBytes: null });
  const member = await createMember(db, family, {
    role: "member",
    displayName: "Nina Bianchi",
    email,
    identitySub: user.uid,
    identityAccountId: String(user.pk),
    identityOrigin: "enrollment",
    immichUserId: photosUser.id,
  });
  return { tenant, family, user, member, photosUser };
}

const jobsOf = (queue: string, sub: string) =>
  db
    .select()
    .from(outboxJobs)
    .where(and(eq(outboxJobs.queue, queue), eq(outboxJobs.subjectType, "person"), eq(outboxJobs.subjectId, sub)));

describe("a support agent's account review", () => {
  it("asks for a reason, audits the opening, and the person sees when and why", async () => {
    const { user } = await person();
    expect(await reviewIsOpen(db, agent.sub!, { type: "person", id: user.uid })).toBe(false);
    await openAccountReview({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    expect(await reviewIsOpen(db, agent.sub!, { type: "person", id: user.uid })).toBe(true);
    // Open for the agent who gave the reason, not for a colleague.
    expect(await reviewIsOpen(db, otherAgent.sub!, { type: "person", id: user.uid })).toBe(false);
    expect(await supportViewsOf(db, user.uid)).toEqual([expect.objectContaining({ action: "support.account.view", reason: REASON })]);

    const record = await personRecord(db, user.uid);
    expect(record?.memberships.map((membership) => membership.familyName)).toEqual(["Bianchi"]);
    expect(record?.history.map((event) => event.action)).toContain("support.account.view");
    await expect(openAccountReview({ actor: agent, input: { sub: "nobody-known", reason: REASON } }, { db })).rejects.toThrow(
      NotFoundError,
    );
  });

  it("refuses anyone acting as something other than support, operators included", async () => {
    const { user } = await person();
    for (const type of ["operator", "member", "invitee", "system"] as const) {
      const actor: Actor = { type, sub: "someone", label: "Someone" };
      await expect(openAccountReview({ actor, input: { sub: user.uid, reason: REASON } }, { db })).rejects.toThrow(ForbiddenError);
      await expect(suspendPerson({ actor, input: { sub: user.uid, reason: REASON } }, { db })).rejects.toThrow(ForbiddenError);
    }
  });

  it("takes a reason of ten characters or a ticket reference, nothing shorter", () => {
    expect(reasonField().safeParse("  lost   phone, locked out ").data).toBe("lost phone, locked out");
    expect(reasonField().safeParse("#4711").success).toBe(true);
    expect(reasonField().safeParse("SUP-123").success).toBe(true);
    expect(reasonField().safeParse("because").success).toBe(false);
    expect(reasonField().safeParse("x".repeat(501)).success).toBe(false);
  });
});

describe("support's actions, through the queue", () => {
  it("resets one MFA device, then all of them", async () => {
    const { user } = await person();
    const totp = (await authentik.identity.listMfaDevices(String(user.pk))).find((device) => device.kind === "totp")!;
    await resetPersonMfa({ actor: agent, input: { sub: user.uid, reason: REASON, deviceId: totp.id, deviceKind: "totp" } }, { db });
    const [job] = await jobsOf("identity.reset-mfa", user.uid);
    expect(await resetMfa(job!.payload as never, context())).toEqual({ removed: 1 });
    expect((await authentik.identity.listMfaDevices(String(user.pk))).map((device) => device.kind)).toEqual(["webauthn"]);

    await resetPersonMfa({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    await resetMfa({ sub: user.uid }, context());
    expect(await authentik.identity.listMfaDevices(String(user.pk))).toEqual([]);
    const audits = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, user.uid), eq(auditEvents.action, "support.mfa.reset")));
    expect(audits.map((row) => [row.actorType, row.reason])).toEqual([
      ["support", REASON],
      ["support", REASON],
    ]);
  });

  it("suspends (account off, sessions ended, no family job switches it back on) and reactivates", async () => {
    const { user, member } = await person();
    const session = await openSession(db, user.uid);
    await suspendPerson({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    expect(await sessionIsLive(db, session.id)).toBe(false);
    await expect(suspendPerson({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db })).rejects.toThrow(ConflictError);
    await suspendAccount({ sub: user.uid }, context());
    expect(authentik.directory.getUser(user.pk)!.isActive).toBe(false);

    // A family's join job must not undo support's suspension.
    await addMemberToGroup({ memberId: member.id }, context()).catch(() => undefined);
    expect(authentik.directory.getUser(user.pk)!.isActive).toBe(false);

    await reactivatePerson({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    await reactivateAccount({ sub: user.uid }, context());
    expect(authentik.directory.getUser(user.pk)!.isActive).toBe(true);
    await expect(reactivatePerson({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db })).rejects.toThrow(ConflictError);
  });

  it("shows a recovery link once, to the agent who asked, and has Authentik mail one", async () => {
    const { user } = await person();
    const linkId = await createPersonRecoveryLink({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    await expect(revealRecoveryLink({ actor: agent, input: { sub: user.uid, linkId } }, { db, keyring })).rejects.toThrow(ConflictError);
    await createRecoveryLink({ linkId }, context());
    await expect(revealRecoveryLink({ actor: otherAgent, input: { sub: user.uid, linkId } }, { db, keyring })).rejects.toThrow(
      NotFoundError,
    );
    const link = await revealRecoveryLink({ actor: agent, input: { sub: user.uid, linkId } }, { db, keyring });
    expect(link).toMatch(/\/if\/flow\/default-recovery-flow\/\?flow_token=/);
    await expect(revealRecoveryLink({ actor: agent, input: { sub: user.uid, linkId } }, { db, keyring })).rejects.toThrow(ConflictError);
    // A second link for the same person is a job of its own, not deduplicated into the first.
    await createPersonRecoveryLink({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    expect(await jobsOf("identity.create-recovery-link", user.uid)).toHaveLength(2);

    await sendPersonRecoveryEmail({ actor: agent, input: { sub: user.uid, reason: REASON } }, { db });
    await sendRecoveryEmail({ sub: user.uid }, context());
    expect(authentik.state.sentRecoveryEmails.map((mail) => mail.to)).toContain(user.email);
  });

  it("restores a soft-deleted photos user", async () => {
    const { tenant, user, member, photosUser } = await person();
    await photos.forTenant(tenant).softDeleteUser(photosUser.id);
    await restorePersonPhotos({ actor: agent, input: { sub: user.uid, memberId: member.id, reason: REASON } }, { db });
    await restorePhotosUser({ memberId: member.id }, context());
    expect(immich.store.listUsers({ withDeleted: true }).find((row) => row.id === photosUser.id)?.status).toBe(UserStatus.Active);
    await expect(
      restorePersonPhotos({ actor: agent, input: { sub: "someone-else", memberId: member.id, reason: REASON } }, { db }),
    ).rejects.toThrow(NotFoundError);
    expect((await db.select().from(members).where(eq(members.id, member.id)))[0]!.status).toBe("active");
  });
});
