/**
 * The authorization table: every server action and every route × anonymous, guest, member,
 * admin, owner (of the family), owner of another family ("outsider"), support, operator.
 * Refused calls answer what they must and write nothing; allowed ones are admitted and do what
 * they say. Each cell runs in a transaction that is rolled back, against one world.
 *
 * Cells covered elsewhere, not repeated here:
 * - family-actions-authz.test.ts: the ten family actions other than changeSharingModeAction ×
 *   owner, admin, member, guest, outsider, anonymous, and a signed-in person without the family area.
 * - support-actions-authz.test.ts: every support action × anonymous, member, owner, operator
 *   (refused); support admitted to openReviewAction and suspendPersonAction; searchAction ×
 *   anonymous, operator, support.
 * - operator-families.test.ts: the seven operator family actions (createFamilyFormAction,
 *   resend/revokeOwnerInviteAction, changeFamilyLimitsAction, setFamilyStatusAction,
 *   restoreFamilyAction, closeFamilyAsOperatorAction) × anonymous, owner, support (refused),
 *   operator (admitted).
 * Here, the rest:
 * - family: changeSharingModeAction × all eight; the other ten × support and operator;
 * - support: every action × guest, admin, outsider; support admitted to the ten actions not
 *   admitted above; searchAction × guest, member, admin, owner, outsider;
 * - operator: the seven family actions × guest, member, admin, outsider; the nine tenant, job,
 *   wiring and drift actions × all eight;
 * - onboarding and the public routes (the invite page's actions, accepting, the language switch,
 *   sign-in and sign-out, the invitation and status routes, health, readiness, metrics) × all
 *   eight: where the token or the cookie is the credential, the session neither opens nor closes anything.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { members, outboxJobs, profiles, supportRecoveryLinks, supportSuspensions, tenantDrift, tenants } from "@/lib/db/schema";
import { translatorFor } from "@/lib/i18n/translate";
import { startBoss } from "@/lib/jobs/boss";
import { recoveryLinkContext } from "@/lib/support/jobs";
import * as familyActions from "@/app/(portal)/family/actions";
import * as operatorActions from "@/app/(portal)/operator/actions";
import * as supportActions from "@/app/(portal)/support/actions";
import { signInToAccept, startEnrollment } from "@/app/(public)/invite/[token]/actions";
import { acceptInvitationAction } from "@/app/(public)/onboarding/complete/actions";
import { GET as onboardingSignInRoute } from "@/app/(public)/onboarding/sign-in/route";
import { chooseLocale } from "@/app/actions/choose-locale";
import { signInWithAuthentik } from "@/app/actions/sign-in";
import { signOutEverywhere } from "@/app/actions/sign-out";
import { GET as healthRoute } from "@/app/api/health/route";
import { GET as liveRoute } from "@/app/api/health/live/route";
import { GET as readyRoute } from "@/app/api/health/ready/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { POST as invitationRoute } from "@/app/api/onboarding/invitation/route";
import { GET as statusRoute } from "@/app/api/onboarding/status/route";
import { db } from "@/tests/support/db";
import { createFamily as insertFamily, createFamilyWithRoles, createInvite, deleteTenants } from "@/tests/support/factories";
import { rolledBack, settle, writeCounters, writesBetween, type Settled } from "@/tests/support/hostile-input";
import { testKeyring } from "@/tests/support/keyring";

const PORTAL = "https://portal.example.test";
const METRICS_TOKEN = "authz-metrics-token-0123456789abcdef012345";
const INVITEE_SUB = "authz-invitee-sub";
const STAFF = { support: "authz-staff-support", operator: "authz-staff-operator" } as const;

/** The signed-in person (as Auth.js and the viewer see them), the request's cookies, and what the fakes were asked. */
const state = vi.hoisted(() => ({
  person: null as null | { sub: string; name: string; email: string; staff?: "support" | "operator" },
  cookies: new Map<string, { value: string; options?: Record<string, unknown> }>(),
  deleted: [] as string[],
  signIns: [] as unknown[],
  signOuts: [] as unknown[],
  metricsToken: "authz-metrics-token-0123456789abcdef012345" as string | undefined,
  enrolledInviteId: 0,
  keyring: undefined as unknown,
  boss: undefined as unknown,
}));

/** The viewer as lib/platform/viewer builds it: staff areas from the groups, the family area from active memberships. */
vi.mock("@/lib/platform/viewer", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { boundDb } = await import("@/tests/support/hostile-input");
  const { findActiveMembershipsBySub } = await import("@/lib/families/queries");
  return {
    getViewer: async () => {
      const person = state.person;
      if (!person) return null;
      const memberships = await findActiveMembershipsBySub(boundDb(testDb), person.sub);
      const areas: string[] = person.staff ? [person.staff] : [];
      if (memberships.length > 0) areas.push("family");
      return { sub: person.sub, name: person.name, email: person.email, areas, memberships, staffUnavailable: false };
    },
  };
});
vi.mock("@/lib/auth/config", async () => {
  const { redirect } = await import("next/navigation");
  return {
    auth: async () => (state.person ? { user: { sub: state.person.sub, name: state.person.name, email: state.person.email } } : null),
    signIn: async (provider: string, options: unknown) => {
      state.signIns.push({ provider, options });
      redirect("https://auth.example.test/application/o/authorize/");
    },
    signOut: async (options: unknown) => void state.signOuts.push(options),
  };
});
vi.mock("@/lib/auth/end-session", () => ({ endSessionUrl: async () => "https://auth.example.test/application/o/castello/end-session/" }));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (state.cookies.has(name) ? { name, value: state.cookies.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: Record<string, unknown>) => void state.cookies.set(name, { value, options }),
    delete: (name: string) => {
      state.deleted.push(name);
      state.cookies.delete(name);
    },
  }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/env", () => ({ getEnv: () => ({ AUTH_URL: "https://portal.example.test", METRICS_TOKEN: state.metricsToken }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-intl/server", async () => {
  const { translatorFor: english } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => english("en") };
});
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { boundDb } = await import("@/tests/support/hostile-input");
  const deps = {
    get db() {
      return boundDb(testDb);
    },
    get keyring() {
      return state.keyring;
    },
    identity: {
      invitationExists: async (id: string) => id === "inv-live",
      enrollmentUrl: (id: string) => `https://auth.example.test/if/flow/enroll/?itoken=${id}`,
      findAccountsByInvite: async (inviteId: number) =>
        inviteId === state.enrolledInviteId
          ? [{ id: "91", sub: "authz-invitee-sub", username: "ina", email: "ina@example.test", name: "Ina", isActive: true }]
          : [],
      findAccountsByEmail: async () => [],
      health: async () => ({ reachable: true, credentialsAccepted: true }),
    },
    photos: {
      verifyServer: async () => ({ version: "v1.132.0" }),
      loginUrl: (tenant: { immichUrl: string }) => `${tenant.immichUrl}/auth/login`,
      forTenant: () => ({ health: async () => ({ reachable: true }) }),
    },
    queue: async () => state.boss,
    now: () => new Date(),
  };
  return { serverDeps: () => deps };
});

type Role = "anonymous" | "guest" | "member" | "admin" | "owner" | "outsider" | "support" | "operator";
const ROLES: Role[] = ["anonymous", "guest", "member", "admin", "owner", "outsider", "support", "operator"];
const t = translatorFor("en");
const SESSION_ENDED = t("common.actions.sessionEnded");
const NOT_FOUND = t("common.actions.notFound");
const keyring = testKeyring();
state.keyring = keyring;

let world: Awaited<ReturnType<typeof newWorld>>;
let boss: PgBoss;
const tenantIds: number[] = [];

async function newWorld() {
  const home = await createFamilyWithRoles(db, { tenant: { seatLimit: 20 } });
  const other = await createFamilyWithRoles(db);
  tenantIds.push(home.tenant.id, other.tenant.id);
  await db.update(members).set({ identityAccountId: "4242", immichUserId: "immich-user" }).where(eq(members.id, home.member.id));
  await db.update(members).set({ identityAccountId: "4343" }).where(eq(members.id, home.admin.id));
  await db.insert(supportSuspensions).values({ identitySub: home.admin.identitySub, reason: "Ticket 1", suspendedBySub: STAFF.support });
  const { invite } = await createInvite(db, home.family);
  const ready = await createInvite(db, home.family, { identityInvitationId: "inv-live" });
  const closed = await insertFamily(db, home.tenant.id, {
    status: "closed",
    closedAt: new Date(),
    restorableUntil: new Date(Date.now() + 86_400_000),
  });
  const [link] = await db
    .insert(supportRecoveryLinks)
    .values({ identitySub: home.member.identitySub, identityAccountId: "4242", requestedBySub: STAFF.support })
    .returning();
  await db
    .update(supportRecoveryLinks)
    .set({ linkSealed: encryptSecret(keyring, "https://auth.example.test/recovery/xyz", recoveryLinkContext(link!.id)) })
    .where(eq(supportRecoveryLinks.id, link!.id));
  const [missing, unknown] = await db
    .insert(tenantDrift)
    .values([
      { tenantId: home.tenant.id, kind: "group_member_missing", subjectKey: `member:${home.member.id}`, memberId: home.member.id },
      { tenantId: home.tenant.id, kind: "photos_user_unknown", subjectKey: "immich:stray", detail: { immichUserId: "stray" } },
    ])
    .returning();
  // A failed job for the operator to retry: pg-boss's own, with its outbox row.
  const queue = `authz-retry-${randomUUID().slice(0, 8)}`;
  await boss.createQueue(queue, { retryLimit: 0 });
  const jobId = (await boss.send(queue, {}, { retryLimit: 0 }))!;
  const [fetched] = await boss.fetch(queue);
  await boss.fail(queue, fetched!.id, { message: "failed on purpose" });
  await db.insert(outboxJobs).values({
    id: jobId,
    tenantId: home.tenant.id,
    queue,
    payload: {},
    dedupeKey: `${queue}:1`,
    subjectType: "tenant",
    subjectId: String(home.tenant.id),
    status: "failed",
  });
  return { ...home, other, invite, ready, closed, link: link!, drift: { missing: missing!, unknown: unknown! }, job: { id: jobId, queue } };
}

beforeAll(async () => {
  boss = await startBoss({ databaseUrl: inject("databaseUrl") });
  state.boss = boss;
  world = await newWorld();
  state.enrolledInviteId = world.ready.invite.id;
});
afterAll(async () => {
  if (world) {
    await db.delete(supportSuspensions).where(eq(supportSuspensions.identitySub, world.admin.identitySub));
    await db.delete(supportRecoveryLinks).where(eq(supportRecoveryLinks.id, world.link.id));
    await db.delete(profiles).where(eq(profiles.identitySub, INVITEE_SUB));
    await boss.deleteQueue(world.job.queue).catch(() => undefined);
  }
  await deleteTenants(db, tenantIds);
  await boss?.stop({ graceful: false, timeout: 1000 });
});

function signIn(role: Role | "invitee") {
  state.cookies.clear();
  state.deleted.length = 0;
  state.signIns.length = 0;
  state.signOuts.length = 0;
  if (role === "anonymous") return void (state.person = null);
  if (role === "support" || role === "operator") {
    state.person = { sub: STAFF[role], name: `Staff ${role}`, email: `${role}@castello.example.test`, staff: role };
    return;
  }
  if (role === "invitee") return void (state.person = { sub: INVITEE_SUB, name: "Ina", email: "ina@example.test" });
  const person = role === "outsider" ? world.other.owner : world[role];
  state.person = { sub: person.identitySub, name: person.displayName, email: person.email };
}

/** One cell: signed in as `role`, the call in a rolled-back transaction, with what it wrote. */
async function cell<T>(
  role: Role | "invitee",
  call: () => Promise<T>,
  check: (outcome: Settled<T>, writes: string[], tx: Database) => unknown,
) {
  signIn(role);
  await rolledBack(async (tx) => {
    const counters = await writeCounters(tx);
    const outcome = await settle(call);
    await check(outcome, writesBetween(counters, await writeCounters(tx)), tx);
  });
  state.person = null;
}

const form = (fields: Record<string, string | number>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, String(value));
  return data;
};
type FormAction = (previous: object, data: FormData) => Promise<{ ok?: boolean; error?: string; message?: string }>;
const written = (writes: string[]) => writes.map((line) => line.split(" ")[0]);

function expectRefused(outcome: Settled<{ ok?: boolean; error?: string }>, writes: string[], error: string) {
  expect(outcome).toMatchObject({ kind: "returned", value: { error } });
  expect((outcome as { value: { ok?: boolean } }).value.ok).toBeUndefined();
  expect(writes).toEqual([]);
}
function expectAdmitted(outcome: Settled<{ ok?: boolean; error?: string }>, writes: string[], tables: string[]) {
  if (outcome.kind === "returned") expect(outcome.value, JSON.stringify(outcome.value)).toMatchObject({ ok: true });
  else expect(outcome.kind).toBe("redirect");
  expect(written(writes)).toEqual(expect.arrayContaining(tables));
}

describe("family actions", () => {
  const sharingRefusal: Partial<Record<Role, string>> = {
    anonymous: SESSION_ENDED,
    guest: t("errors.roleForbids"),
    member: t("errors.roleForbids"),
    admin: t("errors.roleForbids"),
    outsider: t("errors.noSuchFamily"),
    support: NOT_FOUND,
    operator: NOT_FOUND,
  };
  it.each(ROLES)("changeSharingModeAction as %s", async (role) => {
    await cell(
      role,
      () => familyActions.changeSharingModeAction({}, form({ familyId: world.family.id, sharingMode: "shared_library" })),
      (outcome, writes) =>
        role === "owner"
          ? expectAdmitted(outcome, writes, ["families", "audit_events"])
          : expectRefused(outcome, writes, sharingRefusal[role]!),
    );
  });

  const forms: Record<string, () => Record<string, string | number>> = {
    inviteMembersAction: () => ({ familyId: world.family.id, emails: "staff-invite@example.test", role: "guest" }),
    resendInviteAction: () => ({ familyId: world.family.id, inviteId: world.invite.id }),
    revokeInviteAction: () => ({ familyId: world.family.id, inviteId: world.invite.id }),
    changeRoleAction: () => ({ familyId: world.family.id, memberId: world.member.id, role: "guest" }),
    changeQuotaAction: () => ({ familyId: world.family.id, memberId: world.member.id, quotaGb: "2" }),
    removeMemberAction: () => ({ familyId: world.family.id, memberId: world.member.id }),
    leaveFamilyAction: () => ({ familyId: world.family.id }),
    transferOwnershipAction: () => ({ familyId: world.family.id, memberId: world.member.id, confirm: "transfer" }),
    changeFamilySettingsAction: () => ({ familyId: world.family.id, name: "Staff rename" }),
    closeFamilyAction: () => ({ familyId: world.family.id, confirm: world.family.name }),
  };
  it("names every family action", () => {
    expect([...Object.keys(forms), "changeSharingModeAction"].sort()).toEqual(Object.keys(familyActions).sort());
  });
  const staffCells = Object.keys(forms).flatMap((name) => (["support", "operator"] as const).map((role) => ({ name, role })));
  it.each(staffCells)("$name as $role: not found, nothing written", async ({ name, role }) => {
    const action = (familyActions as unknown as Record<string, FormAction>)[name]!;
    await cell(
      role,
      () => action({}, form(forms[name]!())),
      (outcome, writes) => expectRefused(outcome, writes, NOT_FOUND),
    );
  });
});

describe("support actions", () => {
  const REASON = "Ticket 4712: authorization table";
  const cases: Record<string, { form: () => Record<string, string | number>; writes: string[] }> = {
    openReviewAction: { form: () => ({ sub: world.member.identitySub, reason: REASON }), writes: ["audit_events"] },
    openFamilyReviewAction: { form: () => ({ familyId: world.family.id, reason: REASON }), writes: ["audit_events"] },
    resetMfaAction: { form: () => ({ sub: world.member.identitySub, reason: REASON }), writes: ["audit_events", "outbox_jobs"] },
    recoveryEmailAction: { form: () => ({ sub: world.member.identitySub, reason: REASON }), writes: ["audit_events", "outbox_jobs"] },
    recoveryLinkAction: {
      form: () => ({ sub: world.member.identitySub, reason: REASON }),
      writes: ["audit_events", "outbox_jobs", "support_recovery_links"],
    },
    revealLinkAction: { form: () => ({ sub: world.member.identitySub, linkId: world.link.id }), writes: ["support_recovery_links"] },
    suspendPersonAction: {
      form: () => ({ sub: world.member.identitySub, reason: REASON }),
      writes: ["support_suspensions", "audit_events"],
    },
    reactivatePersonAction: {
      form: () => ({ sub: world.admin.identitySub, reason: REASON }),
      writes: ["support_suspensions", "audit_events"],
    },
    restorePhotosAction: {
      form: () => ({ sub: world.member.identitySub, memberId: world.member.id, reason: REASON }),
      writes: ["audit_events", "outbox_jobs"],
    },
    resendInviteAction: {
      form: () => ({ sub: world.member.identitySub, familyId: world.family.id, inviteId: world.invite.id, reason: REASON }),
      writes: ["invites", "audit_events"],
    },
    revokeInviteAction: {
      form: () => ({ sub: world.member.identitySub, familyId: world.family.id, inviteId: world.invite.id, reason: REASON }),
      writes: ["invites", "audit_events"],
    },
    restoreFamilyAction: { form: () => ({ familyId: world.closed.id, reason: REASON }), writes: ["families", "audit_events"] },
  };
  it("names every support action", () => {
    expect([...Object.keys(cases), "searchAction"].sort()).toEqual(Object.keys(supportActions).sort());
  });
  const actionOf = (name: string) => (supportActions as unknown as Record<string, FormAction>)[name]!;

  const refused = Object.keys(cases).flatMap((name) => (["guest", "admin", "outsider"] as const).map((role) => ({ name, role })));
  it.each(refused)("$name as $role: not found, nothing written", async ({ name, role }) => {
    await cell(
      role,
      () => actionOf(name)({}, form(cases[name]!.form())),
      (outcome, writes) => expectRefused(outcome, writes, NOT_FOUND),
    );
  });

  const admitted = Object.keys(cases).filter((name) => name !== "openReviewAction" && name !== "suspendPersonAction");
  it.each(admitted)("%s as support: admitted, and it does what it says", async (name) => {
    await cell(
      "support",
      () => actionOf(name)({}, form(cases[name]!.form())),
      (outcome, writes) => {
        expectAdmitted(outcome, writes, cases[name]!.writes);
        if (name === "revealLinkAction")
          expect((outcome as { value: { message: string } }).value.message).toContain("https://auth.example.test/recovery/xyz");
      },
    );
  });

  it.each(["guest", "member", "admin", "owner", "outsider"] as const)("searchAction as %s: nothing", async (role) => {
    await cell(
      role,
      () => supportActions.searchAction(world.member.email),
      (outcome, writes) => {
        expect(outcome).toEqual({ kind: "returned", value: null });
        expect(writes).toEqual([]);
      },
    );
  });
});

describe("operator actions", () => {
  const familyForms: Record<string, () => Record<string, string | number>> = {
    createFamilyFormAction: () => ({ tenantId: world.tenant.id, name: "Not yours", ownerEmail: "not-yours@example.test" }),
    resendOwnerInviteAction: () => ({ familyId: world.family.id, inviteId: world.invite.id }),
    revokeOwnerInviteAction: () => ({ familyId: world.family.id, inviteId: world.invite.id }),
    changeFamilyLimitsAction: () => ({ familyId: world.family.id, storageGb: "500", seatLimit: "9" }),
    setFamilyStatusAction: () => ({ familyId: world.family.id, status: "suspended" }),
    restoreFamilyAction: () => ({ familyId: world.closed.id }),
    closeFamilyAsOperatorAction: () => ({ familyId: world.family.id }),
  };
  const tenantCases: Record<string, { form: () => Record<string, string | number>; writes: string[] }> = {
    registerTenantFormAction: {
      form: () => ({
        slug: "authz-new-tenant",
        displayName: "New tenant",
        immichUrl: "http://127.0.0.1:2283",
        immichApiKey: "key-authz",
        defaultFamilyStorageGb: "10",
        seatLimit: "5",
      }),
      writes: ["tenants", "audit_events", "outbox_jobs"],
    },
    updateTenantFormAction: {
      form: () => ({
        tenantId: world.tenant.id,
        displayName: "Renamed tenant",
        immichUrl: world.tenant.immichUrl,
        immichApiKey: "",
        defaultFamilyStorageGb: "10",
        seatLimit: "5",
      }),
      writes: ["tenants", "audit_events"],
    },
    setTenantStatusFormAction: { form: () => ({ tenantId: world.tenant.id, status: "suspended" }), writes: ["tenants", "audit_events"] },
    retryJobFormAction: { form: () => ({ jobId: world.job.id }), writes: ["audit_events"] },
    repairWiringFormAction: { form: () => ({ tenantId: world.tenant.id }), writes: ["audit_events", "outbox_jobs"] },
    recheckWiringFormAction: { form: () => ({ tenantId: world.tenant.id }), writes: ["outbox_jobs"] },
    runDriftFormAction: { form: () => ({ tenantId: world.tenant.id }), writes: ["outbox_jobs"] },
    fixDriftFormAction: {
      form: () => ({ tenantId: world.tenant.id, driftId: world.drift.missing.id }),
      writes: ["tenant_drift", "audit_events", "outbox_jobs"],
    },
    ignoreDriftFormAction: {
      form: () => ({ tenantId: world.tenant.id, driftId: world.drift.unknown.id }),
      writes: ["tenant_drift", "audit_events"],
    },
  };
  it("names every operator action", () => {
    expect([...Object.keys(familyForms), ...Object.keys(tenantCases)].sort()).toEqual(Object.keys(operatorActions).sort());
  });
  const actionOf = (name: string) => (operatorActions as unknown as Record<string, FormAction>)[name]!;

  const familyCells = Object.keys(familyForms).flatMap((name) =>
    (["guest", "member", "admin", "outsider"] as const).map((role) => ({ name, role })),
  );
  it.each(familyCells)("$name as $role: not found, nothing written", async ({ name, role }) => {
    await cell(
      role,
      () => actionOf(name)({}, form(familyForms[name]!())),
      (outcome, writes) => expectRefused(outcome, writes, NOT_FOUND),
    );
  });

  const tenantCells = Object.keys(tenantCases).flatMap((name) => ROLES.map((role) => ({ name, role })));
  it.each(tenantCells)("$name as $role", async ({ name, role }) => {
    const { form: fields, writes: tables } = tenantCases[name]!;
    await cell(
      role,
      () => actionOf(name)({}, form(fields())),
      async (outcome, writes, tx) => {
        if (role !== "operator") return expectRefused(outcome, writes, role === "anonymous" ? SESSION_ENDED : NOT_FOUND);
        expectAdmitted(outcome, writes, tables);
        if (name === "registerTenantFormAction") {
          expect(outcome).toMatchObject({ kind: "redirect", location: expect.stringMatching(/^\/operator\/tenants\/\d+\?registered=1$/) });
          expect(await tx.select().from(tenants).where(eq(tenants.slug, "authz-new-tenant"))).toHaveLength(1);
        }
        if (name === "retryJobFormAction") expect((await boss.getJobById(world.job.queue, world.job.id))?.state).not.toBe("failed");
      },
    );
  });
});

describe("onboarding and the public routes", () => {
  const expectRedirect = (outcome: Settled<unknown>, location: string | RegExp) => {
    expect(outcome.kind).toBe("redirect");
    const where = (outcome as { location: string }).location;
    if (typeof location === "string") expect(where).toBe(location);
    else expect(where).toMatch(location);
  };

  it.each(ROLES)("startEnrollment as %s: the token alone decides: into the enrollment, nothing written", async (role) => {
    await cell(
      role,
      () => startEnrollment(form({ token: world.ready.token })),
      (outcome, writes) => {
        expectRedirect(outcome, "https://auth.example.test/if/flow/enroll/?itoken=inv-live");
        expect(state.cookies.get("castello_invite")?.value).toBe(world.ready.token);
        expect(writes).toEqual([]);
      },
    );
  });

  it.each(ROLES)("signInToAccept as %s: the token is remembered and the sign-in starts, whoever is signed in", async (role) => {
    await cell(
      role,
      () => signInToAccept(form({ token: world.ready.token })),
      (outcome, writes) => {
        expectRedirect(outcome, /^https:\/\/auth\.example\.test\//);
        expect(state.signIns).toEqual([{ provider: "authentik", options: { redirectTo: "/onboarding/complete" } }]);
        expect(state.cookies.get("castello_invite")?.value).toBe(world.ready.token);
        expect(writes).toEqual([]);
      },
    );
  });

  it.each([...ROLES, "invitee" as const])("acceptInvitationAction as %s: only the invited person joins", async (role) => {
    await cell(
      role,
      () => {
        state.cookies.set("castello_invite", { value: world.ready.token });
        return acceptInvitationAction();
      },
      (outcome, writes) => {
        if (role === "anonymous") {
          expectRedirect(outcome, "/onboarding/sign-in");
          return expect(writes).toEqual([]);
        }
        if (role === "invitee") {
          expectRedirect(outcome, /^\/onboarding\/complete\?member=\d+$/);
          expect(state.deleted).toEqual(["castello_invite"]);
          return expect(written(writes)).toEqual(expect.arrayContaining(["members", "invites", "audit_events", "outbox_jobs"]));
        }
        const signedIn = state.person!.email;
        expect(outcome).toEqual({
          kind: "returned",
          value: { error: t("errors.wrongAccount", { signedIn, invited: world.ready.invite.email }) },
        });
        expect(state.deleted).toEqual([]);
        expect(writes).toEqual([]);
      },
    );
  });

  it.each(ROLES)("chooseLocale as %s: the cookie for anyone, the profile only for the signed-in person's own sub", async (role) => {
    await cell(
      role,
      () => chooseLocale(form({ locale: "it", returnTo: "/family" })),
      async (outcome, writes, tx) => {
        expectRedirect(outcome, "/family");
        expect(state.cookies.get("castello-locale")?.value).toBe("it");
        if (role === "anonymous") return expect(writes).toEqual([]);
        expect(written(writes)).toEqual(["profiles"]);
        expect(await tx.select().from(profiles).where(eq(profiles.identitySub, state.person!.sub))).toMatchObject([{ locale: "it" }]);
      },
    );
  });

  it.each(ROLES)("signInWithAuthentik and GET /onboarding/sign-in as %s: both start the sign-in, nothing written", async (role) => {
    await cell(
      role,
      () => signInWithAuthentik(),
      (outcome, writes) => {
        expectRedirect(outcome, /^https:\/\/auth\.example\.test\//);
        expect(state.signIns).toEqual([{ provider: "authentik", options: { redirectTo: "/" } }]);
        expect(writes).toEqual([]);
      },
    );
    await cell(
      role,
      () => onboardingSignInRoute(),
      (outcome, writes) => {
        expectRedirect(outcome, /^https:\/\/auth\.example\.test\//);
        expect(state.signIns).toEqual([{ provider: "authentik", options: { redirectTo: "/onboarding/complete" } }]);
        expect(writes).toEqual([]);
      },
    );
  });

  it.each(ROLES)("signOutEverywhere as %s: the session ends, then the identity provider's", async (role) => {
    await cell(
      role,
      () => signOutEverywhere(),
      (outcome, writes) => {
        expectRedirect(outcome, "https://auth.example.test/application/o/castello/end-session/");
        expect(state.signOuts).toEqual([{ redirect: false }]);
        expect(writes).toEqual([]);
      },
    );
  });

  it.each(ROLES)("POST /api/onboarding/invitation as %s: the cookie decides, the session does not", async (role) => {
    const post = () => invitationRoute(new Request(`${PORTAL}/api/onboarding/invitation`, { method: "POST" }));
    await cell(
      role,
      () => {
        state.cookies.set("castello_invite", { value: world.ready.token });
        return post();
      },
      async (outcome, writes) => {
        expect(outcome.kind).toBe("returned");
        const response = (outcome as { value: Response }).value;
        expect([response.status, await response.json()]).toEqual([
          200,
          { ready: true, url: "https://auth.example.test/if/flow/enroll/?itoken=inv-live" },
        ]);
        expect(writes).toEqual([]);
      },
    );
    await cell(role, post, async (outcome) => {
      const response = (outcome as { value: Response }).value;
      expect([response.status, await response.json()]).toEqual([404, { error: "invitation_invalid" }]);
    });
  });

  it.each(ROLES)("GET /api/onboarding/status about the member, as %s: only the member sees it", async (role) => {
    await cell(
      role,
      () => statusRoute(new Request(`${PORTAL}/api/onboarding/status?member=${world.member.id}`)),
      async (outcome, writes) => {
        const response = (outcome as { value: Response }).value;
        expect(response.status).toBe(role === "anonymous" ? 401 : role === "member" ? 200 : 404);
        if (role === "member") expect(await response.json()).toMatchObject({ memberId: world.member.id, familyName: world.family.name });
        expect(writes).toEqual([]);
      },
    );
  });

  it.each(ROLES)("GET /api/health/live and /api/health/ready as %s: the same answer for everyone", async (role) => {
    await cell(
      role,
      async () => liveRoute(),
      (outcome) => expect((outcome as { value: Response }).value.status).toBe(200),
    );
    await cell(
      role,
      () => readyRoute(new Request(`${PORTAL}/api/health/ready`)),
      async (outcome) => {
        const response = (outcome as { value: Response }).value;
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: "ok" });
      },
    );
  });

  it.each(ROLES)("GET /api/metrics and /api/health as %s: the session grants nothing, the token everything", async (role) => {
    const get = (route: typeof metricsRoute, path: string, authorization?: string) => () =>
      route(new Request(`${PORTAL}${path}`, { headers: authorization ? { authorization } : {} }));
    await cell(role, get(metricsRoute, "/api/metrics"), (outcome) => expect((outcome as { value: Response }).value.status).toBe(401));
    await cell(role, get(metricsRoute, "/api/metrics", `Bearer ${METRICS_TOKEN}`), (outcome) =>
      expect((outcome as { value: Response }).value.status).toBe(200),
    );
    await cell(role, get(healthRoute, "/api/health"), async (outcome) => {
      expect((await (outcome as { value: Response }).value.json()).checks.immich.servers).toBeUndefined();
    });
    await cell(role, get(healthRoute, "/api/health", `Bearer ${METRICS_TOKEN}`), async (outcome) => {
      expect((await (outcome as { value: Response }).value.json()).checks.immich.servers).toEqual(expect.any(Array));
    });
  });
});
