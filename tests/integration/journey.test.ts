import { TestBrowser } from "@/sandbox/test-browser";
import { randomUUID } from "node:crypto";
import { UserStatus } from "@immich/sdk";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { auditEvents, families, invites, members, outboxJobs, tenants } from "@/lib/db/schema";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { restoreImmichUser } from "@/lib/photos/immich/users";
import { openSession, sessionIsLive } from "@/lib/auth/sessions";
import { deactivateAccountIfUnused } from "@/lib/members/jobs";
import { createInvites, resendInvite } from "@/lib/invites/service";
import { sendInviteMail } from "@/lib/invites/jobs";
import { sendInviteMailQueue } from "@/lib/invites/queues";
import { hashInviteToken } from "@/lib/invites/tokens";
import { jobsForSubjects } from "@/lib/jobs/status";
import type { RetryPolicy } from "@/lib/jobs/policy";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { createMailer, type Mailer } from "@/lib/mail/transport";
import { removeMember } from "@/lib/members/service";
import { acceptInvite, enrollmentInvitation } from "@/lib/onboarding/service";
import { provisioningStatus } from "@/lib/onboarding/status";
import { registerTenantInput } from "@/lib/tenants/input";
import { registerTenant } from "@/lib/tenants/service";
import { totpCode } from "@/sandbox/authentik/flows";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { startMailCatcher, type CaughtMessage, type MailCatcher } from "@/sandbox/mail";
import { db } from "@/tests/support/db";
import { actorOf, createFamily, createMember, createTenant, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { JOB_QUEUES } from "@/lib/platform/jobs";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";
import { until } from "@/tests/support/wait";

const PORTAL = "http://localhost:3000";
const GB = 1_000_000_000;
const PASSWORD = "correct horse battery";
const FAST: RetryPolicy = { retryLimit: 20, retryDelay: 1, retryDelayMax: 2, expireInSeconds: 5 };
const DEPARTURE_JOBS = ["identity.remove-member-from-group", "identity.deactivate-account-if-unused", "photos.remove-user"];
const keyring = testKeyring();
const photos = testPhotos(keyring);
/** Committed by these tests; deleted once the worker has stopped. */
const tenantIds: number[] = [];

let immich: FakeImmich;
let authentik: AuthentikSandbox;
let catcher: MailCatcher;
let mailer: Mailer;
let worker: Worker;
const deps = () => ({ db, identity: authentik.identity });

beforeAll(async () => {
  immich = await startFakeImmich();
  authentik = await startAuthentikSandbox({ enrollment: { castelloUrl: PORTAL } });
  catcher = await startMailCatcher();
  mailer = createMailer({ smtpUrl: catcher.smtpUrl, from: "Castello <noreply@castello.test>" });
  worker = await startWorker({
    databaseUrl: inject("databaseUrl"),
    context: {
      db,
      identity: authentik.identity,
      photos,
      keyring,
      mailer,
      portalUrl: PORTAL,
      staffGroups: ["castello-operators", "castello-support"],
    },
    queues: JOB_QUEUES,
    policy: FAST,
    dispatchIntervalMs: 100,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
  });
});
afterEach(() => {
  immich.faults.clear();
  authentik.faults.clear();
  catcher.faults.clear();
});
afterAll(async () => {
  await worker?.stop();
  await deleteTenants(db, tenantIds);
  mailer?.close();
  await Promise.all([immich?.close(), authentik?.server.close(), catcher?.close()]);
});

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/** A tenant registered on the fake Immich (with its admin key), a family and its owner; all committed. */
async function newHousehold(family: Partial<typeof families.$inferInsert> = {}) {
  const input = registerTenantInput.parse({
    slug: unique("journey"),
    displayName: "Foto Rossi",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "100",
    seatLimit: "6",
  });
  const { tenant } = await registerTenant({ actor: operatorActor(), input }, { db, keyring, photos });
  tenantIds.push(tenant.id);
  const created = await createFamily(db, tenant.id, { name: "Rossi", ...family });
  const owner = await createMember(db, created, { role: "owner", displayName: "Olga Rossi" });
  return { tenant, family: created, owner };
}
type Household = Awaited<ReturnType<typeof newHousehold>>;

async function inviteOne({ family, owner }: Household, email = `${unique("anna")}@example.test`) {
  const [invite] = await createInvites(
    { actor: actorOf(owner), input: { familyId: family.id, emails: email, role: "member", quotaBytes: 5 * GB } },
    { db, keyring },
  );
  return invite!;
}

const inviteRow = async (id: number) => (await db.select().from(invites).where(eq(invites.id, id)))[0]!;
const memberRow = async (id: number) => (await db.select().from(members).where(eq(members.id, id)))[0]!;
const tenantRow = async (id: number) => (await db.select().from(tenants).where(eq(tenants.id, id)))[0]!;
const recordedInvitation = (inviteId: number) => until(async () => (await inviteRow(inviteId)).identityInvitationId);
const mailsTo = (email: string) => catcher.messages().filter((message) => message.to.some((to) => to.address === email));

/** The token of the portal link in an invite e-mail. */
function linkToken(message: CaughtMessage): string {
  const tokens = message.links.map((link) => /^http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})$/.exec(link)?.[1]).filter(Boolean);
  expect(tokens).toHaveLength(1);
  return tokens[0]!;
}

/** Every job of a subject (optionally of some queues) completed; at least `count` of them. */
function settled(subjectType: "invite" | "member", id: number, queues?: string[], count = 1) {
  return until(async () => {
    const jobs = (await jobsForSubjects(db, subjectType, [id])).filter((job) => !queues || queues.includes(job.queue));
    return jobs.length >= count && jobs.every((job) => job.state === "completed") && jobs;
  });
}

/** Plays the enrollment flow of an Authentik invitation: prompt, TOTP set-up; returns the new user. */
async function enroll(invitationPk: string, answers: { username: string; name: string }) {
  const browser = new TestBrowser();
  const link = authentik.identity.enrollmentUrl(invitationPk);
  const prompt = await browser.request(link);
  expect(prompt.html).toContain("Join your family on Castello");
  const written = await browser.request(link, { ...answers, password: PASSWORD, password_repeat: PASSWORD });
  expect(written.status).toBe(302);
  const secret = /<code aria-label="TOTP secret"[^>]*>([A-Z2-7]+)<\/code>/.exec((await browser.request(link)).html)?.[1];
  expect(secret).toBeTruthy();
  const done = await browser.request(link, { code: totpCode(secret!) });
  expect(done.location).toBe(`${PORTAL}/onboarding/complete`);
  return authentik.directory.findUserByUsername(answers.username)!;
}

/** Someone who already has an Authentik account with this address (no enrollment). */
const existingUser = (email: string, name = "Bea Rossi") =>
  authentik.directory.createUser({ username: unique("user"), name, email, password: PASSWORD });

/** Invites a person with an account, accepts, and waits until everything is provisioned. */
async function provisionedMember(family: Partial<typeof families.$inferInsert> = {}) {
  const household = await newHousehold(family);
  const invite = await inviteOne(household);
  const user = existingUser(invite.email);
  const token = linkToken(await until(() => mailsTo(invite.email)[0]));
  const member = await acceptInvite({ token, person: { sub: user.uid, email: invite.email, name: user.name } }, deps());
  await until(async () => (await provisioningStatus(db, member.id, user.uid, photos.loginUrl))?.photosUrl);
  return { ...household, invite, user, member: await memberRow(member.id) };
}

const acceptanceAudit = async (memberId: number) =>
  (
    await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "member"), eq(auditEvents.entityId, String(memberId)), eq(auditEvents.action, "invite.accept")))
  )[0];
const immichUsersWith = (email: string) => immich.store.listUsers({ withDeleted: true }).filter((user) => user.email === email);
const stepsOf = async (memberId: number, sub: string) =>
  Object.fromEntries((await provisioningStatus(db, memberId, sub, photos.loginUrl))!.steps.map((step) => [step.key, step]));

describe("the invite journey", () => {
  it(
    "takes an invitee from the e-mail through enrollment to a member with their group and Immich account",
    { timeout: 60_000 },
    async () => {
      const household = await newHousehold();
      const { tenant, family } = household;
      const invite = await inviteOne(household);

      const invitationPk = await recordedInvitation(invite.id);
      expect(authentik.state.invitations.get(invitationPk)).toMatchObject({
        name: `castello-invite-${invite.id}-1`,
        singleUse: true,
        fixedData: {
          email: invite.email,
          attributes: { castello_invite: String(invite.id), castello_family: String(family.id), castello_tenant: tenant.slug },
        },
      });
      const mail = await until(() => mailsTo(invite.email)[0]);
      const token = linkToken(mail);
      expect(hashInviteToken(token)).toBe(invite.tokenHash);
      // The mail server has the mail a moment before the job records that it went out.
      expect(await until(async () => (await inviteRow(invite.id)).mailSentAt)).toBeInstanceOf(Date);
      expect(await enrollmentInvitation(token, deps())).toBe(invitationPk);

      const user = await enroll(invitationPk, { username: unique("anna"), name: "Anna Rossi" });
      expect(user).toMatchObject({ email: invite.email, isActive: true, attributes: { castello_invite: String(invite.id) } });
      const member = await acceptInvite({ token, person: { sub: user.uid, email: user.email, name: "Anna Rossi" } }, deps());
      expect(member).toMatchObject({
        familyId: family.id,
        status: "active",
        role: "member",
        identitySub: user.uid,
        identityAccountId: String(user.pk),
        quotaBytes: 5 * GB,
        email: invite.email,
      });
      expect(await inviteRow(invite.id)).toMatchObject({ status: "accepted", acceptedMemberId: member.id });
      const audit = await acceptanceAudit(member.id);
      expect(audit).toMatchObject({
        action: "invite.accept",
        actorType: "invitee",
        after: expect.objectContaining({ path: "enrollment" }),
      });

      const status = await until(async () => {
        const current = await provisioningStatus(db, member.id, user.uid, photos.loginUrl);
        return current?.photosUrl && current;
      });
      expect(status).toEqual({
        memberId: member.id,
        familyName: family.name,
        steps: ["account", "joined", "group", "photos"].map((key) => ({ key, state: "done" })),
        photosUrl: `${immich.url}/auth/login?autoLaunch=1`,
      });
      expect(authentik.directory.groupNamesOf(authentik.directory.getUser(user.pk)!)).toContain(tenant.identityGroupName);
      const [immichUser] = immichUsersWith(invite.email);
      expect(immichUser).toMatchObject({ name: "Anna Rossi", quotaSizeInBytes: 5 * GB, status: UserStatus.Active });
      expect((await memberRow(member.id)).immichUserId).toBe(immichUser!.id);
      expect(await provisioningStatus(db, member.id, "somebody-else", photos.loginUrl)).toBeUndefined();
    },
  );

  it("returns the same member when the invitee accepts again, and queues nothing more", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const user = existingUser(invite.email);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));
    const person = { sub: user.uid, email: invite.email, name: user.name };
    const first = await acceptInvite({ token, person }, deps());
    const jobsOfMember = () =>
      db
        .select()
        .from(outboxJobs)
        .where(and(eq(outboxJobs.subjectType, "member"), eq(outboxJobs.subjectId, String(first.id))));
    const jobs = await jobsOfMember();
    expect(jobs.map((job) => job.queue).sort()).toEqual(["identity.add-member-to-group", "photos.provision-user"]);
    const second = await acceptInvite({ token, person }, deps());
    expect(second).toMatchObject({ id: first.id, status: "active", identitySub: user.uid });
    expect(await jobsOfMember()).toHaveLength(jobs.length);
    expect(await db.select().from(members).where(eq(members.familyId, household.family.id))).toHaveLength(2);
  });

  it("refuses someone signed in as another person, naming the invited address", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));
    const stranger = existingUser(`${unique("stranger")}@example.test`, "Sam Stranger");
    const attempt = acceptInvite({ token, person: { sub: stranger.uid, email: stranger.email, name: stranger.name } }, deps());
    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toThrow(`this invitation was sent to ${invite.email}`);
    expect(await inviteRow(invite.id)).toMatchObject({ status: "pending", acceptedMemberId: null });
  });

  it("accepts someone who already had an account with the invited address, and deletes the unused Authentik invitation", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const invitationPk = await recordedInvitation(invite.id);
    const user = existingUser(invite.email);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));
    const member = await acceptInvite({ token, person: { sub: user.uid, email: invite.email, name: user.name } }, deps());
    expect(member).toMatchObject({ status: "active", identityAccountId: String(user.pk), identitySub: user.uid });
    const audit = await acceptanceAudit(member.id);
    expect(audit).toMatchObject({ actorSub: user.uid, after: expect.objectContaining({ path: "existing-account" }) });
    await until(() => !authentik.state.invitations.has(invitationPk));
  });

  it("accepts an existing account whose address differs from the invited one only in case", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    // Invited addresses are stored lower-cased; Authentik keeps an address as it was typed.
    const user = existingUser(invite.email.replace(/^anna/, "Anna"));
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));
    const member = await acceptInvite({ token, person: { sub: user.uid, email: user.email, name: user.name } }, deps());
    expect(member).toMatchObject({ status: "active", identityAccountId: String(user.pk) });
  });

  it("re-creates the Authentik invitation when the enrollment used it up", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const first = await recordedInvitation(invite.id);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));

    // The invitee opened the enrollment and went away: Authentik deleted the single-use invitation.
    expect(authentik.state.consumeInvitation(first).ok).toBe(true);
    expect(await enrollmentInvitation(token, deps())).toBeNull();
    expect((await inviteRow(invite.id)).identityInvitationId).toBeNull();

    const second = await recordedInvitation(invite.id);
    expect(second).not.toBe(first);
    expect(authentik.state.invitations.get(second)).toMatchObject({
      name: `castello-invite-${invite.id}-1`,
      fixedData: { email: invite.email },
    });
    expect(await enrollmentInvitation(token, deps())).toBe(second);
  });

  it("replaces the Authentik invitation on a resend, even while the old one's deletion is still retrying", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const first = await recordedInvitation(invite.id);
    const oldToken = linkToken(await until(() => mailsTo(invite.email)[0]));

    authentik.faults.add({ method: "DELETE", path: "/api/v3/stages/invitation/invitations/", fault: { kind: "status", status: 503 } });
    const resent = await resendInvite(
      { actor: actorOf(household.owner), input: { familyId: household.family.id, inviteId: invite.id } },
      { db, keyring },
    );
    await settled("invite", invite.id, ["identity.create-invitation", "mail.send-invite"], 4);
    authentik.faults.clear();
    await settled("invite", invite.id, ["identity.delete-invitation"]);
    expect(authentik.state.invitations.has(first)).toBe(false);

    const current = (await inviteRow(invite.id)).identityInvitationId;
    expect(current).not.toBe(first);
    expect(authentik.state.invitations.get(current ?? "")).toMatchObject({
      name: `castello-invite-${invite.id}-2`,
      expires: resent.expiresAt,
    });

    const reminder = mailsTo(invite.email).find((message) => message.subject.startsWith("Reminder"));
    expect(hashInviteToken(linkToken(reminder!))).toBe(resent.tokenHash);
    await expect(enrollmentInvitation(oldToken, deps())).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("when a system fails", () => {
  it("retries the Immich account while Immich fails, then creates exactly one", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const user = existingUser(invite.email);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));

    immich.faults.add({ path: "/api/admin/users", fault: { kind: "status", status: 503 } });
    const member = await acceptInvite({ token, person: { sub: user.uid, email: invite.email, name: user.name } }, deps());
    const retrying = await until(async () => {
      const steps = await stepsOf(member.id, user.uid);
      return steps.photos!.state === "retrying" && steps;
    });
    expect(retrying.photos).toEqual({ key: "photos", state: "retrying" });
    expect((await provisioningStatus(db, member.id, user.uid, photos.loginUrl))!.photosUrl).toBeNull();
    expect(immichUsersWith(invite.email)).toEqual([]);

    immich.faults.clear();
    await until(async () => (await provisioningStatus(db, member.id, user.uid, photos.loginUrl))?.photosUrl);
    await settled("member", member.id, ["photos.provision-user"]);
    expect(immichUsersWith(invite.email)).toHaveLength(1);
  });

  it("retries the invite e-mail while the mail server refuses it, then sends it once", async () => {
    catcher.faults.add({ mode: "reject", code: 451 });
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const retrying = await until(async () => {
      const [mail] = (await jobsForSubjects(db, "invite", [invite.id])).filter((job) => job.queue === "mail.send-invite");
      return mail?.state === "retry" && mail.retryCount >= 1 && mail;
    });
    expect(retrying.error).toBeTruthy();
    expect((await inviteRow(invite.id)).mailSentAt).toBeNull();
    expect(mailsTo(invite.email)).toEqual([]);

    catcher.faults.clear();
    await settled("invite", invite.id, ["mail.send-invite"]);
    expect(mailsTo(invite.email)).toHaveLength(1);
    expect((await inviteRow(invite.id)).mailSentAt).toBeInstanceOf(Date);
  });

  it("sends a mail job run again after its worker died past the SMTP acceptance as the same message (one Message-ID)", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    await settled("invite", invite.id, ["mail.send-invite"]);
    const [job] = await db
      .select({ payload: outboxJobs.payload })
      .from(outboxJobs)
      .where(and(eq(outboxJobs.queue, "mail.send-invite"), eq(outboxJobs.subjectId, String(invite.id))));
    // The worker died after the server said 250 and before mail_sent_at committed: pg-boss runs the job again.
    await db.update(invites).set({ mailSentAt: null }).where(eq(invites.id, invite.id));
    const payload = sendInviteMailQueue.payload.parse(job!.payload);
    await sendInviteMail(payload, { db, identity: authentik.identity, keyring, mailer, portalUrl: PORTAL });

    const mails = mailsTo(invite.email);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.messageId).toMatch(/^<[A-Za-z0-9_-]{32}@localhost>$/);
    expect(mails[1]!.messageId).toBe(mails[0]!.messageId);
    expect(mails[0]!.messageId).not.toContain(String(invite.id));
  });

  it("stops at once when the mail server refuses the address for good, and marks the invite undelivered", async () => {
    catcher.faults.add({ mode: "unknown-recipient", times: 1 });
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const row = await until(async () => {
      const current = await inviteRow(invite.id);
      return current.mailFailedAt && current;
    });
    expect(row).toMatchObject({ status: "pending", mailSentAt: null, mailFailure: expect.stringContaining("550") });
    const [mail] = (await jobsForSubjects(db, "invite", [invite.id])).filter((job) => job.queue === "mail.send-invite");
    await until(async () =>
      (await jobsForSubjects(db, "invite", [invite.id])).find((job) => job.id === mail!.id && job.state === "completed"),
    );
    const [done] = (await jobsForSubjects(db, "invite", [invite.id])).filter((job) => job.id === mail!.id);
    expect(done!.retryCount).toBe(0);
    expect(mailsTo(invite.email)).toEqual([]);
  });

  it("retries adding the member to the tenant group while Authentik fails, then adds them", async () => {
    const household = await newHousehold();
    const invite = await inviteOne(household);
    const user = existingUser(invite.email);
    const token = linkToken(await until(() => mailsTo(invite.email)[0]));

    authentik.faults.add({ path: "/^\\/api\\/v3\\/core\\/groups\\/[^/]+\\/add_user\\/$/", fault: { kind: "status", status: 503 } });
    const member = await acceptInvite({ token, person: { sub: user.uid, email: invite.email, name: user.name } }, deps());
    await until(async () => (await stepsOf(member.id, user.uid)).group!.state === "retrying");
    expect(authentik.directory.groupNamesOf(user)).not.toContain(household.tenant.identityGroupName);

    authentik.faults.clear();
    await until(async () => (await provisioningStatus(db, member.id, user.uid, photos.loginUrl))?.photosUrl);
    expect(authentik.directory.groupNamesOf(user)).toContain(household.tenant.identityGroupName);
  });
});

describe("removing a member", () => {
  it("takes them out of the tenant group, deactivates their Authentik account and soft-deletes their Immich user", async () => {
    const { tenant, family, owner, member, user } = await provisionedMember();
    // As if Castello's enrollment had created the account (the fast existing-account path here).
    await db.update(members).set({ identityOrigin: "enrollment" }).where(eq(members.id, member.id));
    await removeMember({ actor: actorOf(owner), input: { familyId: family.id, memberId: member.id } }, { db });
    await settled("member", member.id, DEPARTURE_JOBS, 3);

    expect(authentik.directory.groupNamesOf(user)).not.toContain(tenant.identityGroupName);
    expect(authentik.directory.getUser(user.pk)!.isActive).toBe(false);
    // A session opened meanwhile (a sign-in racing the removal) ends when the account is deactivated.
    const racing = await openSession(db, user.uid);
    await deactivateAccountIfUnused(
      { memberId: member.id },
      { db, identity: authentik.identity, photos, staffGroups: ["castello-operators", "castello-support"] },
    );
    expect(await sessionIsLive(db, racing.id)).toBe(false);
    const [immichUser] = immichUsersWith(member.email);
    expect(immichUser).toMatchObject({ id: member.immichUserId, status: UserStatus.Deleted, deletedAt: expect.any(Date) });
    // Soft: Immich can still restore it.
    await restoreImmichUser({ url: immich.url, apiKey: immich.adminApiKey }, immichUser!.id);
    expect(immichUsersWith(member.email)[0]!.status).toBe(UserStatus.Active);
  });

  it("leaves Immich alone when the family keeps accounts, and Authentik active while another family holds the person", async () => {
    const { tenant, family, owner, member, user } = await provisionedMember({ immichRemovalPolicy: "keep" });
    const otherTenant = await createTenant(db);
    tenantIds.push(otherTenant.id);
    const elsewhere = await createFamily(db, otherTenant.id);
    await createMember(db, elsewhere, { identitySub: user.uid, identityAccountId: String(user.pk), email: member.email });

    await removeMember({ actor: actorOf(owner), input: { familyId: family.id, memberId: member.id } }, { db });
    await settled("member", member.id, DEPARTURE_JOBS, 3);

    expect(authentik.directory.groupNamesOf(user)).not.toContain(tenant.identityGroupName);
    expect(authentik.directory.getUser(user.pk)!.isActive).toBe(true);
    expect(immichUsersWith(member.email)).toEqual([
      expect.objectContaining({ id: member.immichUserId, status: UserStatus.Active, deletedAt: null }),
    ]);
    expect((await tenantRow(tenant.id)).identityGroupId).toBeTruthy();
  });

  it("never deactivates an account the person brought, nor a staff account", async () => {
    const brought = await provisionedMember();
    await removeMember({ actor: actorOf(brought.owner), input: { familyId: brought.family.id, memberId: brought.member.id } }, { db });
    await settled("member", brought.member.id, DEPARTURE_JOBS, 3);
    expect(authentik.directory.getUser(brought.user.pk)!.isActive).toBe(true);

    const staff = await provisionedMember();
    await db.update(members).set({ identityOrigin: "enrollment" }).where(eq(members.id, staff.member.id));
    staff.user.groupIds.add(authentik.directory.ensureGroup("castello-support").pk);
    await removeMember({ actor: actorOf(staff.owner), input: { familyId: staff.family.id, memberId: staff.member.id } }, { db });
    await settled("member", staff.member.id, DEPARTURE_JOBS, 3);
    expect(authentik.directory.getUser(staff.user.pk)!.isActive).toBe(true);
  });

  it("finds and removes an Immich user whose creation timed out before it was recorded", async () => {
    const { tenant, family } = await newHousehold();
    const removed = await createMember(db, family, { status: "removed", email: `${unique("slow")}@example.test` });
    // Immich created the user, but the provisioning job never got to record its id.
    immich.store.insertUser({ email: removed.email, name: removed.displayName, password: "x".repeat(12) });
    await db.insert(outboxJobs).values({
      queue: "photos.remove-user",
      payload: { memberId: removed.id },
      dedupeKey: `photos.remove-user:member:${removed.id}:test`,
      subjectType: "member",
      subjectId: String(removed.id),
      tenantId: tenant.id,
    });
    await until(async () => immichUsersWith(removed.email)[0]?.status === UserStatus.Deleted);
  });
});
