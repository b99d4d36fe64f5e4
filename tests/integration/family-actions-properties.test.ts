/**
 * Property-based tests of every family server action (app/(portal)/family/actions.ts): 500
 * hostile forms each (wrong types, huge and odd strings, ids past int4, missing, repeated
 * and extra fields), sent by a member the action admits, so that the input is what is judged.
 * Each case runs in a rolled-back transaction: a success must be legitimate for its input, a
 * refusal must write nothing (tests/support/hostile-input.ts).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Member } from "@/lib/db/schema";
import { confirmsName } from "@/lib/families/closing";
import { LOCALES } from "@/lib/i18n/locales";
import {
  changeFamilySettingsAction,
  changeQuotaAction,
  changeRoleAction,
  changeSharingModeAction,
  closeFamilyAction,
  inviteMembersAction,
  leaveFamilyAction,
  removeMemberAction,
  resendInviteAction,
  revokeInviteAction,
  transferOwnershipAction,
} from "@/app/(portal)/family/actions";
import { db } from "@/tests/support/db";
import { createFamilyWithRoles, createInvite, deleteTenants } from "@/tests/support/factories";
import {
  captureErrorLogs,
  checkActionProperty,
  reachedDatabase,
  rolledBack,
  UNEXPECTED,
  sent,
  type ActionProperty,
  type FormSpec,
  type HostileForm,
  type Tally,
} from "@/tests/support/hostile-input";

const session = vi.hoisted(() => ({
  member: null as { identitySub: string; displayName: string; email: string } | null,
}));

vi.mock("@/lib/platform/viewer", () => ({
  getViewer: async () =>
    session.member
      ? {
          sub: session.member.identitySub,
          name: session.member.displayName,
          email: session.member.email,
          areas: ["family"],
          memberships: [],
          staffUnavailable: false,
        }
      : null,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => translatorFor("en") };
});
/** The composition root, on the case's transaction; the family actions never reach Authentik or Immich. */
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { boundDb } = await import("@/tests/support/hostile-input");
  const { testKeyring } = await import("@/tests/support/keyring");
  const keyring = testKeyring();
  const deps = {
    get db() {
      return boundDb(testDb);
    },
    keyring,
    now: () => new Date(),
  };
  return { serverDeps: () => deps };
});

type Role = "owner" | "admin" | "member" | "guest";

let world: Awaited<ReturnType<typeof newWorld>>;
const errors = captureErrorLogs();
const tallies: Record<string, Tally & { reachedDatabase: number }> = {};

async function newWorld() {
  const home = await createFamilyWithRoles(db, { tenant: { seatLimit: 10 } });
  const other = await createFamilyWithRoles(db);
  const { invite } = await createInvite(db, home.family);
  const { invite: otherInvite } = await createInvite(db, other.family);
  return { ...home, invite, other: { ...other, invite: otherInvite } };
}

beforeAll(async () => {
  world = await newWorld();
});
afterAll(async () => {
  errors.stop();
  await deleteTenants(db, [world.tenant.id, world.other.tenant.id]);
  console.log(`[measure] family actions, outcomes of ${Object.keys(tallies).length} properties: ${JSON.stringify(tallies)}`);
});

const signIn = (role: Role) => {
  session.member = world[role];
};

// Valid values, drawn from the world once it exists (fc.constant(...).chain defers the lookup).
const lazy = (values: () => string[]) => fc.constant(null).chain(() => fc.constantFrom(...values()));
// A near miss (edge) names another family's row, or is just out of range.
const familyId = { valid: lazy(() => [String(world.family.id)]), edge: lazy(() => [String(world.other.family.id)]) };
const memberId = {
  valid: lazy(() => (["owner", "admin", "member", "guest"] as const).map((r) => String(world[r].id))),
  edge: lazy(() => [String(world.other.member.id), String(world.other.owner.id)]),
};
const inviteId = { valid: lazy(() => [String(world.invite.id)]), edge: lazy(() => [String(world.other.invite.id)]) };
const role = { valid: fc.constantFrom("admin", "member", "guest"), edge: fc.constantFrom("owner", "Admin", "superuser") };
const quotaGb = { valid: fc.constantFrom("", "0", "1", "2.5", "999999"), edge: fc.constantFrom("1000000", "1000001", "-1", "-0.0001") };
const emails = fc
  .array(
    fc.oneof(
      fc.emailAddress(),
      fc.uuid().map((id) => `p-${id.slice(0, 8)}@example.test`),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .chain((list) => fc.constantFrom(", ", " ", "\n", ";").map((separator) => list.join(separator)));

const inHome = (form: HostileForm) => sent(form, "familyId") === String(world.family.id);
const homeMember = (form: HostileForm) =>
  (["owner", "admin", "member", "guest"] as const).some((r) => sent(form, "memberId") === String(world[r].id));

interface Case {
  action: ActionProperty<Role>["action"];
  spec: FormSpec;
  actors: Role[];
  legit: (form: HostileForm, actor: Member) => boolean;
  redirects?: boolean;
  knownBug?: (form: HostileForm) => boolean;
}

const CASES: Record<string, Case> = {
  inviteMembersAction: {
    action: inviteMembersAction,
    spec: { familyId, emails, role, quotaGb, locale: { valid: fc.constantFrom(...LOCALES), edge: fc.constantFrom("EN", "en-GB", "es") } },
    actors: ["owner", "admin"],
    legit: inHome,
  },
  resendInviteAction: {
    action: resendInviteAction,
    spec: { familyId, inviteId },
    actors: ["owner", "admin"],
    legit: (form) => inHome(form) && sent(form, "inviteId") === String(world.invite.id),
  },
  revokeInviteAction: {
    action: revokeInviteAction,
    spec: { familyId, inviteId },
    actors: ["owner", "admin"],
    legit: (form) => inHome(form) && sent(form, "inviteId") === String(world.invite.id),
  },
  changeRoleAction: {
    action: changeRoleAction,
    spec: { familyId, memberId, role },
    actors: ["owner", "admin"],
    legit: (form) => inHome(form) && homeMember(form) && ["admin", "member", "guest"].includes(sent(form, "role")!),
  },
  changeQuotaAction: {
    action: changeQuotaAction,
    spec: { familyId, memberId, quotaGb },
    actors: ["owner", "admin"],
    legit: (form) => inHome(form) && homeMember(form),
  },
  removeMemberAction: {
    action: removeMemberAction,
    spec: { familyId, memberId },
    actors: ["owner", "admin"],
    legit: (form, actor) => inHome(form) && homeMember(form) && sent(form, "memberId") !== String(actor.id),
  },
  leaveFamilyAction: {
    action: leaveFamilyAction,
    spec: { familyId },
    actors: ["admin", "member", "guest"],
    legit: inHome,
  },
  transferOwnershipAction: {
    action: transferOwnershipAction,
    spec: { familyId, memberId, confirm: { valid: fc.constant("transfer"), edge: fc.constantFrom("Transfer", "transfer ", "", "yes") } },
    actors: ["owner"],
    legit: (form, actor) =>
      inHome(form) && homeMember(form) && sent(form, "memberId") !== String(actor.id) && sent(form, "confirm") === "transfer",
  },
  changeFamilySettingsAction: {
    action: changeFamilySettingsAction,
    spec: {
      familyId,
      name: fc.oneof(fc.constant("Renamed"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 100 })),
      defaultLocale: { valid: fc.constantFrom(...LOCALES), edge: fc.constantFrom("EN", "es") },
      immichRemovalPolicy: { valid: fc.constantFrom("soft_delete", "keep"), edge: fc.constantFrom("delete", "KEEP") },
    },
    actors: ["owner"],
    legit: inHome,
  },
  changeSharingModeAction: {
    action: changeSharingModeAction,
    spec: { familyId, sharingMode: { valid: fc.constantFrom("individual", "shared_library"), edge: fc.constantFrom("shared", "") } },
    actors: ["owner"],
    legit: inHome,
  },
  closeFamilyAction: {
    action: closeFamilyAction,
    spec: {
      familyId,
      confirm: {
        valid: lazy(() => [world.family.name, ` ${world.family.name.toUpperCase()} `]),
        edge: lazy(() => [world.other.family.name, "close", world.family.name.slice(1)]),
      },
    },
    actors: ["owner"],
    legit: (form) => inHome(form) && confirmsName(sent(form, "confirm") ?? "", world.family.name),
    redirects: true,
  },
};

describe("family server actions under hostile input", () => {
  it("covers every family action", async () => {
    const actions = await import("@/app/(portal)/family/actions");
    expect(Object.keys(CASES).sort()).toEqual(
      Object.keys(actions)
        .filter((name) => name.endsWith("Action"))
        .sort(),
    );
  });

  it.each(Object.keys(CASES))("%s: 500 hostile forms, no unexpected error, a refusal writes nothing", async (name) => {
    const { action, spec, actors, legit, redirects, knownBug } = CASES[name]!;
    const tally = await checkActionProperty<Role>({
      action,
      spec,
      actors: fc.constantFrom(...actors),
      signIn,
      legit: (form, actor) => legit(form, world[actor]),
      redirects,
      knownBug,
      errors,
    });
    tallies[name] = { ...tally, reachedDatabase: reachedDatabase.get(tally) ?? 0 };
    // Validation was exercised, and so was what lies behind it.
    expect(tally.fieldErrors).toBeGreaterThan(0);
    expect(tally.ok + tally.redirect + tally.error).toBeGreaterThan(0);
  });
});

/**
 * Bugs the properties found (a NUL in free text reached Postgres, which refuses it), each kept
 * with its smallest input: now refused next to the field by defineAction.
 */
describe("bugs found by the properties, fixed", () => {
  it("a NUL character in the family name (changeFamilySettingsAction) is answered next to the field (was BUG 1: Postgres 22021, 'Something went wrong')", async () => {
    signIn("owner");
    const form = new FormData();
    form.append("familyId", String(world.family.id));
    form.append("name", "Smith\u0000");
    const result = await rolledBack(() => changeFamilySettingsAction({}, form));
    expect(result.error).not.toBe(UNEXPECTED);
    expect(result.ok).toBeUndefined();
    expect(result.fieldErrors?.name).toEqual(["Remove the invisible control characters from this field."]);
  });

  it("the same form without the NUL is admitted: the NUL alone is what breaks it", async () => {
    signIn("owner");
    const form = new FormData();
    form.append("familyId", String(world.family.id));
    form.append("name", "Smith");
    expect(await rolledBack(() => changeFamilySettingsAction({}, form))).toMatchObject({ ok: true });
  });
});
