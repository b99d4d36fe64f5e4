import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/actions/action-state";
import { auditEvents, families, invites, members, outboxJobs, type Member } from "@/lib/db/schema";
import {
  changeFamilySettingsAction,
  closeFamilyAction,
  changeQuotaAction,
  changeRoleAction,
  inviteMembersAction,
  leaveFamilyAction,
  removeMemberAction,
  resendInviteAction,
  revokeInviteAction,
  transferOwnershipAction,
} from "@/app/(portal)/family/actions";
import { db } from "@/tests/support/db";
import { createFamilyWithRoles, createInvite, deleteTenants } from "@/tests/support/factories";

/** The session the mocked viewer reads: only who is signed in is faked, the rest is the database. */
const session = vi.hoisted(() => ({
  member: null as { identitySub: string; displayName: string; email: string } | null,
  areas: ["family"] as string[],
}));

vi.mock("@/lib/platform/viewer", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { findActiveMembershipsBySub } = await import("@/lib/families/queries");
  return {
    getViewer: async () => {
      const signedIn = session.member;
      if (!signedIn) return null;
      const memberships = await findActiveMembershipsBySub(testDb, signedIn.identitySub);
      return { sub: signedIn.identitySub, name: signedIn.displayName, email: signedIn.email, areas: session.areas, memberships };
    },
  };
});
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
/** The reader's language is next-intl's request config in the app; here, English. */
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => translatorFor("en") };
});
/** The composition root, with the test database; the family actions never reach Authentik or Immich. */
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { testKeyring } = await import("@/tests/support/keyring");
  const unreachable = new Proxy(
    {},
    {
      get: () => () => {
        throw new Error("the family actions never call Authentik or Immich directly");
      },
    },
  );
  const deps = { db: testDb, keyring: testKeyring(), identity: unreachable, photos: unreachable, now: () => new Date() };
  return { serverDeps: () => deps };
});

const GB = 1_000_000_000;
const tenantIds: number[] = [];
afterEach(async () => {
  session.member = null;
  session.areas = ["family"];
  await deleteTenants(db, tenantIds.splice(0));
});

/** A family with one member of each role and a pending invite, and an owner of another family; committed. */
async function newWorld() {
  const home = await createFamilyWithRoles(db, { tenant: { seatLimit: 10 } });
  const other = await createFamilyWithRoles(db);
  tenantIds.push(home.tenant.id, other.tenant.id);
  const { invite } = await createInvite(db, home.family, { quotaBytes: GB });
  return { ...home, invite, outsider: other.owner, otherFamily: other.family };
}
type World = Awaited<ReturnType<typeof newWorld>>;

type Action = (previous: ActionState, formData: FormData) => Promise<ActionState>;
interface Case {
  action: Action;
  form: (world: World) => Record<string, string | number>;
  /** What an allowed call changed, seen in the database. */
  effect: (world: World, actor: Member) => Promise<unknown>;
}

const memberRow = async (id: number) => (await db.select().from(members).where(eq(members.id, id)))[0]!;
const inviteRow = async (id: number) => (await db.select().from(invites).where(eq(invites.id, id)))[0]!;
const newAddress = `new-${randomUUID().slice(0, 8)}@example.test`;

const CASES: Record<string, Case> = {
  inviteMembersAction: {
    action: inviteMembersAction,
    form: (w) => ({ familyId: w.family.id, emails: newAddress, role: "guest", quotaGb: "1" }),
    effect: async (w) =>
      expect(
        await db
          .select()
          .from(invites)
          .where(and(eq(invites.familyId, w.family.id), eq(invites.email, newAddress))),
      ).toHaveLength(1),
  },
  resendInviteAction: {
    action: resendInviteAction,
    form: (w) => ({ familyId: w.family.id, inviteId: w.invite.id }),
    effect: async (w) => expect(await inviteRow(w.invite.id)).toMatchObject({ status: "pending", sendCount: 2 }),
  },
  revokeInviteAction: {
    action: revokeInviteAction,
    form: (w) => ({ familyId: w.family.id, inviteId: w.invite.id }),
    effect: async (w) => expect((await inviteRow(w.invite.id)).status).toBe("revoked"),
  },
  changeRoleAction: {
    action: changeRoleAction,
    form: (w) => ({ familyId: w.family.id, memberId: w.member.id, role: "guest" }),
    effect: async (w) => expect((await memberRow(w.member.id)).role).toBe("guest"),
  },
  changeQuotaAction: {
    action: changeQuotaAction,
    form: (w) => ({ familyId: w.family.id, memberId: w.member.id, quotaGb: "2" }),
    effect: async (w) => expect((await memberRow(w.member.id)).quotaBytes).toBe(2 * GB),
  },
  removeMemberAction: {
    action: removeMemberAction,
    form: (w) => ({ familyId: w.family.id, memberId: w.member.id }),
    effect: async (w) => expect((await memberRow(w.member.id)).status).toBe("removed"),
  },
  leaveFamilyAction: {
    action: leaveFamilyAction,
    form: (w) => ({ familyId: w.family.id }),
    effect: async (_w, actor) => expect((await memberRow(actor.id)).status).toBe("left"),
  },
  changeFamilySettingsAction: {
    action: changeFamilySettingsAction,
    form: (w) => ({ familyId: w.family.id, name: "Renamed", defaultLocale: "it", immichRemovalPolicy: "keep" }),
    effect: async (w) =>
      expect((await db.select().from(families).where(eq(families.id, w.family.id)))[0]).toMatchObject({
        name: "Renamed",
        defaultLocale: "it",
        immichRemovalPolicy: "keep",
      }),
  },
  closeFamilyAction: {
    action: closeFamilyAction,
    form: (w) => ({ familyId: w.family.id, confirm: ` ${w.family.name.toUpperCase()} ` }),
    effect: async (w) => expect((await db.select().from(families).where(eq(families.id, w.family.id)))[0]!.status).toBe("closed"),
  },
  transferOwnershipAction: {
    action: transferOwnershipAction,
    form: (w) => ({ familyId: w.family.id, memberId: w.member.id, confirm: "transfer" }),
    effect: async (w, actor) => {
      expect((await memberRow(w.member.id)).role).toBe("owner");
      expect((await memberRow(actor.id)).role).toBe("admin");
    },
  },
};

type Role = "owner" | "admin" | "member" | "guest" | "outsider";
const ROLES: Role[] = ["owner", "admin", "member", "guest", "outsider"];

/** Who may do what: every other (action, role) pair is refused. */
const ALLOWED: Record<string, Role[]> = {
  inviteMembersAction: ["owner", "admin"],
  resendInviteAction: ["owner", "admin"],
  revokeInviteAction: ["owner", "admin"],
  changeRoleAction: ["owner", "admin"],
  changeQuotaAction: ["owner", "admin"],
  removeMemberAction: ["owner", "admin"],
  leaveFamilyAction: ["admin", "member", "guest"],
  transferOwnershipAction: ["owner"],
  changeFamilySettingsAction: ["owner"],
  closeFamilyAction: ["owner"],
};

/** What a refused call answers: outsiders learn nothing about the family. */
function refusal(name: string, role: Role): string {
  if (role === "outsider") return "No such family.";
  if (name === "leaveFamilyAction") return "The owner cannot leave: transfer ownership first.";
  return "Your role in this family does not allow this.";
}

const TABLE = Object.keys(CASES).flatMap((name) =>
  ROLES.map((role) => ({
    name,
    role,
    allowed: ALLOWED[name]!.includes(role),
    refusal: ALLOWED[name]!.includes(role) ? undefined : refusal(name, role),
  })),
);

function formData(fields: Record<string, string | number>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
}

function signIn(actor: Member) {
  session.member = actor;
}

/** Everything the family verbs could write, for both families. */
async function snapshot(w: World) {
  const familyIds = [w.family.id, w.otherFamily.id];
  const [familyRows, memberRows, inviteRows, [audit], [jobs]] = await Promise.all([
    db
      .select({
        id: families.id,
        name: families.name,
        status: families.status,
        locale: families.defaultLocale,
        policy: families.immichRemovalPolicy,
      })
      .from(families)
      .where(inArray(families.id, familyIds))
      .orderBy(asc(families.id)),
    db
      .select({ id: members.id, role: members.role, status: members.status, quotaBytes: members.quotaBytes })
      .from(members)
      .where(inArray(members.familyId, familyIds))
      .orderBy(asc(members.id)),
    db
      .select({ id: invites.id, status: invites.status, sendCount: invites.sendCount, tokenHash: invites.tokenHash })
      .from(invites)
      .where(inArray(invites.familyId, familyIds))
      .orderBy(asc(invites.id)),
    db.select({ n: count() }).from(auditEvents).where(inArray(auditEvents.familyId, familyIds)),
    db
      .select({ n: count() })
      .from(outboxJobs)
      .where(inArray(outboxJobs.tenantId, [w.family.tenantId, w.otherFamily.tenantId])),
  ]);
  return { familyRows, memberRows, inviteRows, audit: audit!.n, jobs: jobs!.n };
}

describe("family server actions", () => {
  it.each(TABLE)("$name as $role: allowed=$allowed", async ({ name, role, allowed, refusal: expected }) => {
    const w = await newWorld();
    const actor = role === "outsider" ? w.outsider : w[role];
    const { action, form, effect } = CASES[name]!;
    signIn(actor);
    const before = await snapshot(w);

    const result = await action({}, formData(form(w))).catch((error: unknown) => {
      // Closing the family ends with a redirect to the account page.
      if (error instanceof Error && error.message === "NEXT_REDIRECT") return { ok: true, message: "redirected" } as ActionState;
      throw error;
    });

    if (allowed) {
      expect(result).toMatchObject({ ok: true, message: expect.any(String) });
      await effect(w, actor);
      return;
    }
    expect(result.ok).toBeUndefined();
    expect(result).toMatchObject({ error: expected });
    expect(await snapshot(w)).toEqual(before);
  });

  it.each([
    "resendInviteAction",
    "revokeInviteAction",
    "changeRoleAction",
    "changeQuotaAction",
    "removeMemberAction",
    "transferOwnershipAction",
  ])("%s: another family's owner naming their own family finds nothing of ours", async (name) => {
    const w = await newWorld();
    const { action, form } = CASES[name]!;
    signIn(w.outsider);
    const before = await snapshot(w);
    const result = await action({}, formData({ ...form(w), familyId: w.otherFamily.id }));
    expect(result.error).toMatch(/^No such (member|invite)\.$/);
    expect(await snapshot(w)).toEqual(before);
  });

  it.each(Object.keys(CASES))("%s: without a session, asks to sign in again and changes nothing", async (name) => {
    const w = await newWorld();
    const { action, form } = CASES[name]!;
    const before = await snapshot(w);
    const result = await action({}, formData(form(w)));
    expect(result.error).toBe("Your session has ended. Sign in again.");
    expect(await snapshot(w)).toEqual(before);
  });

  it.each(Object.keys(CASES))("%s: a signed-in person without the family area gets not found", async (name) => {
    const w = await newWorld();
    const { action, form } = CASES[name]!;
    signIn(w.owner);
    session.areas = ["support"];
    const before = await snapshot(w);
    expect(await action({}, formData(form(w)))).toEqual({ error: "Not found." });
    expect(await snapshot(w)).toEqual(before);
  });

  it("answers a malformed form field by field, before any service runs", async () => {
    const w = await newWorld();
    signIn(w.owner);
    const result = await changeQuotaAction({}, formData({ familyId: w.family.id, memberId: "abc", quotaGb: "-1" }));
    expect(result.fieldErrors).toMatchObject({ memberId: expect.any(Array), quotaGb: ["Storage cannot be negative."] });
    const transfer = await transferOwnershipAction({}, formData({ familyId: w.family.id, memberId: w.member.id, confirm: "yes" }));
    expect(transfer.fieldErrors).toEqual({ confirm: ["Type transfer to confirm."] });
    expect((await memberRow(w.member.id)).role).toBe("member");
  });
});

describe("hostile input", () => {
  /** About 1.3 MB: 100,000 addresses, what froze the server for 32 s when the list was de-duplicated quadratically. */
  const hugeList = Array.from({ length: 100_000 }, (_, i) => `u${i}@ex.eu`).join(",");

  it.each(["guest", "outsider", "owner"] as const)(
    "a 100,000-address invite list from the %s is refused at once, next to the field",
    async (role) => {
      const w = await newWorld();
      signIn(role === "outsider" ? w.outsider : w[role]);
      const before = await snapshot(w);
      const started = performance.now();
      const result = await inviteMembersAction({}, formData({ familyId: w.family.id, emails: hugeList, role: "guest" }));
      const elapsed = performance.now() - started;
      console.log(`[measure] refusing a ${Math.round(hugeList.length / 1000)} KB invite list (${role}): ${elapsed.toFixed(1)} ms`);
      expect(elapsed).toBeLessThan(500);
      expect(result.fieldErrors?.emails).toEqual(["Too many addresses at once: send fewer at a time."]);
      expect(result.values?.emails).toBeUndefined();
      expect(await snapshot(w)).toEqual(before);
    },
  );

  it("refuses eleven addresses that fit in the field, after checking who asks", async () => {
    const w = await newWorld();
    const eleven = Array.from({ length: 11 }, (_, i) => `friend${i}@example.test`).join(" ");
    signIn(w.guest);
    expect(await inviteMembersAction({}, formData({ familyId: w.family.id, emails: eleven, role: "guest" }))).toMatchObject({
      error: "Your role in this family does not allow this.",
    });
    signIn(w.owner);
    expect((await inviteMembersAction({}, formData({ familyId: w.family.id, emails: eleven, role: "guest" }))).fieldErrors).toEqual({
      emails: ["At most 10 addresses at a time."],
    });
  });
});

describe("ids and amounts from forms", () => {
  it.each(["2147483648", "99999999999", "0", "-3", "1e3", "12abc"])("an id of %s is not found, never a database error", async (id) => {
    const w = await newWorld();
    signIn(w.owner);
    const before = await snapshot(w);
    const result = await removeMemberAction({}, formData({ familyId: id, memberId: w.member.id }));
    expect(result.fieldErrors?.familyId).toEqual(["Not found."]);
    expect(await snapshot(w)).toEqual(before);
  });

  it("an empty quota is a field error, never 0 GB", async () => {
    const w = await newWorld();
    signIn(w.owner);
    const quotaBefore = (await memberRow(w.member.id)).quotaBytes;
    const result = await changeQuotaAction({}, formData({ familyId: w.family.id, memberId: w.member.id, quotaGb: "" }));
    expect(result.fieldErrors).toEqual({ quotaGb: ["Enter a number of GB."] });
    expect((await memberRow(w.member.id)).quotaBytes).toBe(quotaBefore);
    expect(await changeQuotaAction({}, formData({ familyId: w.family.id, memberId: w.member.id, quotaGb: "   " }))).toMatchObject({
      fieldErrors: { quotaGb: ["Enter a number of GB."] },
    });
  });
});
