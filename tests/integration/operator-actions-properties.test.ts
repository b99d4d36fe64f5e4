/**
 * Property-based tests of every operator server action (app/(portal)/operator/actions.ts):
 * 500 hostile forms each, sent by an operator, each case in a rolled-back transaction. A
 * success must be legitimate (every id names an existing row, the slug is one), a refusal
 * must write nothing (tests/support/hostile-input.ts). Immich is a fake that answers by URL and
 * key; the queue handle is pg-boss on the test database (retrying reads its job table).
 */
import fc from "fast-check";
import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Database } from "@/lib/db/connect";
import { outboxJobs, tenantDrift } from "@/lib/db/schema";
import { createFamilyInput } from "@/lib/families/input";
import { createFamily } from "@/lib/families/service";
import { LOCALES } from "@/lib/i18n/locales";
import { startBoss } from "@/lib/jobs/boss";
import { TENANT_SLUG } from "@/lib/tenants/input";
import * as operatorActions from "@/app/(portal)/operator/actions";
import { db } from "@/tests/support/db";
import { createFamily as insertFamily, createMember, createTenant, deleteTenants, operatorActor } from "@/tests/support/factories";
import {
  captureErrorLogs,
  checkActionProperty,
  reachedDatabase,
  rolledBack,
  sent,
  settle,
  UNEXPECTED,
  type ActionProperty,
  type FormSpec,
  type HostileForm,
  type Tally,
} from "@/tests/support/hostile-input";
import { testKeyring } from "@/tests/support/keyring";

const session = vi.hoisted(() => ({ boss: undefined as unknown }));

vi.mock("@/lib/platform/viewer", () => ({
  getViewer: async () => ({
    sub: "operator-properties",
    name: "Olivia Operator",
    email: "olivia@example.test",
    areas: ["operator"],
    memberships: [],
    staffUnavailable: false,
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => translatorFor("en") };
});
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { boundDb } = await import("@/tests/support/hostile-input");
  const { testKeyring: keyring } = await import("@/tests/support/keyring");
  const { IntegrationError } = await import("@/lib/integrations/errors");
  /** Immich as registering sees it: a down host, a refused key, otherwise a server that answers. */
  const photos = {
    verifyServer: async ({ url, apiKey }: { url: string; apiKey: string }) => {
      if (new URL(url).hostname === "down.example.test") throw new IntegrationError("immich", "unreachable", "connection refused");
      if (apiKey.startsWith("refused")) throw new IntegrationError("immich", "unauthorized", "key refused", 401);
      return { version: "v1.132.0", keyName: "castello" };
    },
  };
  const deps = {
    get db() {
      return boundDb(testDb);
    },
    keyring: keyring(),
    photos,
    queue: async () => session.boss,
    now: () => new Date(),
  };
  return { serverDeps: () => deps };
});

const keyring = testKeyring();
const errors = captureErrorLogs();
const tallies: Record<string, Tally & { reachedDatabase: number }> = {};
let boss: PgBoss;
let world: Awaited<ReturnType<typeof newWorld>>;

async function newWorld() {
  const tenant = await createTenant(db, { seatLimit: 8 });
  const other = await createTenant(db);
  const { family, ownerInvite } = await createFamily(
    {
      actor: operatorActor(),
      input: createFamilyInput.parse({ tenantId: String(tenant.id), name: "Property family", ownerEmail: "prop-owner@example.test" }),
    },
    { db, keyring },
  );
  const member = await createMember(db, family, { role: "member" });
  const closed = await insertFamily(db, tenant.id, {
    status: "closed",
    closedAt: new Date(),
    restorableUntil: new Date(Date.now() + 86_400_000),
  });
  const otherFamily = await insertFamily(db, other.id);
  const drift = await db
    .insert(tenantDrift)
    .values([
      { tenantId: tenant.id, kind: "group_member_missing", subjectKey: `member:${member.id}`, memberId: member.id },
      { tenantId: tenant.id, kind: "group_member_unknown", subjectKey: "account:77", detail: { accountId: "77" } },
      { tenantId: tenant.id, kind: "photos_user_unknown", subjectKey: "immich:abc", detail: { immichUserId: "abc" } },
    ])
    .returning();
  const [job] = await db
    .select({ id: outboxJobs.id })
    .from(outboxJobs)
    .where(sql`${outboxJobs.tenantId} = ${tenant.id}`)
    .limit(1);
  return { tenant, other, family, ownerInvite, member, closed, otherFamily, drift, jobId: job!.id };
}

beforeAll(async () => {
  // pg-boss creates its schema on start: retrying a job reads pgboss.job.
  boss = await startBoss({ databaseUrl: inject("databaseUrl") });
  session.boss = boss;
  world = await newWorld();
});
afterAll(async () => {
  errors.stop();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await deleteTenants(db, [world.tenant.id, world.other.id]);
  console.log(`[measure] operator actions, outcomes of ${Object.keys(tallies).length} properties: ${JSON.stringify(tallies)}`);
});

const lazy = (values: () => string[]) => fc.constant(null).chain(() => fc.constantFrom(...values()));
// A near miss (edge) is out of range by a little, refused by Immich, or another row than the form's.
const tenantId = lazy(() => [String(world.tenant.id), String(world.other.id)]);
const familyId = {
  valid: lazy(() => [String(world.family.id)]),
  edge: lazy(() => [String(world.closed.id), String(world.otherFamily.id)]),
};
const inviteId = lazy(() => [String(world.ownerInvite.id)]);
const driftId = lazy(() => world.drift.map((row) => String(row.id)));
const gb = { valid: fc.constantFrom("", "0", "10", "1.5", "999999"), edge: fc.constantFrom("1000000", "1000001", "-0.1") };
const seats = { valid: fc.constantFrom("1", "5", "1000"), edge: fc.constantFrom("0", "1001", "2.5") };
const displayName = fc.oneof(fc.constant("Tenant Renamed"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 100 }));
const immichUrl = {
  valid: fc.oneof(fc.constantFrom("http://127.0.0.1:2283", "https://photos.example.test/api/"), fc.webUrl()),
  edge: fc.constantFrom("http://down.example.test", "ftp://photos.example.test", "photos.example.test"),
};
const immichApiKey = { valid: fc.constantFrom("key-1234567890", "k"), edge: fc.constantFrom("refused-key", "", "  ") };
const reason = fc.oneof(fc.constantFrom("", "Ticket 4711", "asked by the owner"), fc.string({ maxLength: 500 }));

/** Whether the row with this form field's id exists, in the case's transaction. */
async function exists(tx: Database, table: "tenants" | "families" | "invites", id: string | undefined): Promise<boolean> {
  if (!id || !/^[1-9][0-9]{0,9}$/.test(id) || Number(id) > 2_147_483_647) return false;
  const rows = await tx.execute(sql`select 1 from ${sql.identifier(table)} where id = ${Number(id)}`);
  return rows.length === 1;
}

type Legit = (form: HostileForm, tx: Database) => boolean | Promise<boolean>;
const tenantExists: Legit = (form, tx) => exists(tx, "tenants", sent(form, "tenantId"));
const familyExists: Legit = (form, tx) => exists(tx, "families", sent(form, "familyId"));
const driftOfTenant: Legit = (form) =>
  world.drift.some((row) => String(row.id) === sent(form, "driftId") && String(row.tenantId) === sent(form, "tenantId"));

interface Case {
  spec: FormSpec;
  legit: Legit;
  redirects?: boolean;
  secretFields?: string[];
  knownBug?: (form: HostileForm) => boolean;
}

const CASES: Record<string, Case> = {
  registerTenantFormAction: {
    spec: {
      slug: {
        valid: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}[a-z0-9]$/),
        edge: lazy(() => [world.tenant.slug, ` ${world.other.slug.toUpperCase()} `, "-a", "a".repeat(64)]),
      },
      displayName,
      immichUrl,
      immichApiKey,
      defaultFamilyStorageGb: gb,
      seatLimit: seats,
    },
    legit: (form) => TENANT_SLUG.test(sent(form, "slug")?.trim().toLowerCase() ?? ""),
    redirects: true,
    secretFields: ["immichApiKey"],
  },
  updateTenantFormAction: {
    spec: { tenantId, displayName, immichUrl, immichApiKey, defaultFamilyStorageGb: gb, seatLimit: seats },
    legit: tenantExists,
    secretFields: ["immichApiKey"],
  },
  setTenantStatusFormAction: { spec: { tenantId, status: fc.constantFrom("active", "suspended") }, legit: tenantExists },
  retryJobFormAction: {
    spec: {
      jobId: {
        valid: fc.oneof(
          fc.uuid(),
          lazy(() => [world.jobId]),
        ),
        edge: lazy(() => [world.jobId.toUpperCase(), `{${world.jobId}}`]),
      },
    },
    // No job of this world has failed: retrying any is refused.
    legit: () => false,
  },
  createFamilyFormAction: {
    spec: {
      tenantId,
      name: fc.oneof(fc.constant("New family"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 100 })),
      storageGb: gb,
      seatLimit: seats,
      ownerEmail: fc.oneof(fc.emailAddress(), fc.constant("new-owner@example.test")),
      ownerQuotaGb: gb,
      ownerLocale: { valid: fc.constantFrom(...LOCALES), edge: fc.constantFrom("EN", "es") },
    },
    legit: tenantExists,
    redirects: true,
  },
  resendOwnerInviteAction: {
    spec: { familyId, inviteId },
    legit: (form) => sent(form, "familyId") === String(world.family.id) && sent(form, "inviteId") === String(world.ownerInvite.id),
  },
  revokeOwnerInviteAction: {
    spec: { familyId, inviteId },
    legit: (form) => sent(form, "familyId") === String(world.family.id) && sent(form, "inviteId") === String(world.ownerInvite.id),
  },
  changeFamilyLimitsAction: { spec: { familyId, storageGb: gb, seatLimit: seats }, legit: familyExists },
  setFamilyStatusAction: {
    spec: { familyId, status: { valid: fc.constantFrom("active", "suspended"), edge: fc.constantFrom("closed", "Active") }, reason },
    legit: familyExists,
  },
  restoreFamilyAction: {
    spec: { familyId: { valid: lazy(() => [String(world.closed.id)]), edge: familyId.valid }, reason },
    legit: familyExists,
  },
  closeFamilyAsOperatorAction: { spec: { familyId }, legit: familyExists },
  repairWiringFormAction: { spec: { tenantId }, legit: tenantExists },
  recheckWiringFormAction: { spec: { tenantId }, legit: tenantExists },
  runDriftFormAction: { spec: { tenantId }, legit: tenantExists },
  fixDriftFormAction: { spec: { tenantId, driftId }, legit: driftOfTenant },
  ignoreDriftFormAction: { spec: { tenantId, driftId }, legit: driftOfTenant },
};

type Action = ActionProperty<null>["action"];
const actionOf = (name: string) => (operatorActions as unknown as Record<string, Action>)[name]!;

describe("operator server actions under hostile input", () => {
  it("covers every operator action", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(operatorActions).sort());
  });

  it.each(Object.keys(CASES))("%s: 500 hostile forms, no unexpected error, a refusal writes nothing", async (name) => {
    const { spec, legit, redirects, secretFields, knownBug } = CASES[name]!;
    const tally = await checkActionProperty<null>({
      action: actionOf(name),
      spec,
      actors: fc.constant(null),
      signIn: () => {},
      legit: (form, _actor, tx) => legit(form, tx),
      redirects,
      secretFields,
      knownBug,
      errors,
    });
    tallies[name] = { ...tally, reachedDatabase: reachedDatabase.get(tally) ?? 0 };
    expect(tally.fieldErrors).toBeGreaterThan(0);
    expect(tally.ok + tally.redirect + tally.error).toBeGreaterThan(0);
  });
});

/**
 * Bugs the properties found (a NUL in free text reached Postgres, which refuses it), each kept
 * with its smallest input: now refused next to the field by defineAction.
 */
describe("bugs found by the properties, fixed", () => {
  const NUL_BUGS: { bug: string; action: string; fields: () => Record<string, string> }[] = [
    {
      bug: "BUG 2: a NUL in the tenant's display name (registerTenantFormAction)",
      action: "registerTenantFormAction",
      fields: () => ({
        slug: "nul-tenant",
        displayName: "Tenant\u0000",
        immichUrl: "http://127.0.0.1:2283",
        immichApiKey: "key-1",
        defaultFamilyStorageGb: "10",
        seatLimit: "5",
      }),
    },
    {
      bug: "BUG 3: a NUL in the tenant's display name (updateTenantFormAction)",
      action: "updateTenantFormAction",
      fields: () => ({
        tenantId: String(world.tenant.id),
        displayName: "Tenant\u0000",
        immichUrl: world.tenant.immichUrl,
        immichApiKey: "",
        defaultFamilyStorageGb: "10",
        seatLimit: "5",
      }),
    },
    {
      bug: "BUG 4: a NUL in a new family's name (createFamilyFormAction)",
      action: "createFamilyFormAction",
      fields: () => ({ tenantId: String(world.tenant.id), name: "Smith\u0000", ownerEmail: "nul-owner@example.test" }),
    },
    {
      bug: "BUG 5: a NUL in the operator's reason for suspending a family (setFamilyStatusAction)",
      action: "setFamilyStatusAction",
      fields: () => ({ familyId: String(world.family.id), status: "suspended", reason: "asked by the owner\u0000" }),
    },
    {
      bug: "BUG 5: a NUL in the operator's reason for restoring a family (restoreFamilyAction)",
      action: "restoreFamilyAction",
      fields: () => ({ familyId: String(world.closed.id), reason: "asked by the owner\u0000" }),
    },
    {
      bug: "BUG 6: a trailing NUL in the Immich URL, which z.url() lets through (registerTenantFormAction, updateTenantFormAction too)",
      action: "registerTenantFormAction",
      fields: () => ({
        slug: "nul-url",
        displayName: "Tenant",
        immichUrl: "http://photos.example.test\u0000",
        immichApiKey: "key-1",
        defaultFamilyStorageGb: "10",
        seatLimit: "5",
      }),
    },
  ];
  for (const { bug, action, fields } of NUL_BUGS) {
    it(`${bug} is answered next to the field (was: 'Something went wrong', Postgres refuses NUL)`, async () => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields())) form.append(name, value);
      const outcome = await rolledBack(() => settle(() => actionOf(action)({}, form)));
      expect(outcome.kind).toBe("returned");
      const state = (outcome as { value: { error?: string; ok?: boolean } }).value;
      expect(state.error).not.toBe(UNEXPECTED);
      expect(state.ok).toBeUndefined();
      expect(Object.keys((state as { fieldErrors?: object }).fieldErrors ?? {})).not.toHaveLength(0);
    });
  }

  it("the same forms without the NUL are admitted: the NUL alone is what breaks them", async () => {
    for (const { action, fields } of NUL_BUGS) {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields())) form.append(name, value.replaceAll("\u0000", ""));
      const outcome = await rolledBack(() => settle(() => actionOf(action)({}, form)));
      expect(
        outcome.kind === "redirect" || (outcome.kind === "returned" && outcome.value.ok === true),
        `${action}: ${JSON.stringify(outcome)}`,
      ).toBe(true);
    }
  });
});
