import { count, eq, or } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/actions/action-state";
import { auditEvents, members, outboxJobs, supportRecoveryLinks, supportSuspensions } from "@/lib/db/schema";
import {
  openFamilyReviewAction,
  openReviewAction,
  reactivatePersonAction,
  recoveryEmailAction,
  recoveryLinkAction,
  resendInviteAction,
  resetMfaAction,
  restoreFamilyAction,
  restorePhotosAction,
  revealLinkAction,
  revokeInviteAction,
  searchAction,
  suspendPersonAction,
} from "@/app/(portal)/support/actions";
import { db } from "@/tests/support/db";
import { createFamilyWithRoles, createInvite, deleteTenants } from "@/tests/support/factories";

/** Who is signed in, and with which areas: the rest is the database. */
const session = vi.hoisted(() => ({ viewer: null as null | { sub: string; name: string; email: string; areas: string[] } }));

vi.mock("@/lib/platform/viewer", () => ({
  getViewer: async () => (session.viewer ? { ...session.viewer, memberships: [], staffUnavailable: false } : null),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => translatorFor("en") };
});
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { testKeyring } = await import("@/tests/support/keyring");
  const deps = { db: testDb, keyring: testKeyring(), now: () => new Date() };
  return { serverDeps: () => deps };
});

const tenantIds: number[] = [];
afterEach(async () => {
  session.viewer = null;
  await deleteTenants(db, tenantIds.splice(0));
});

async function newWorld() {
  const world = await createFamilyWithRoles(db, {});
  tenantIds.push(world.tenant.id);
  const { invite } = await createInvite(db, world.family);
  await db.update(members).set({ identityAccountId: "4242", immichUserId: "immich-user" }).where(eq(members.id, world.member.id));
  return { ...world, invite };
}
type World = Awaited<ReturnType<typeof newWorld>>;
type Action = (previous: ActionState, formData: FormData) => Promise<ActionState>;

const REASON = "Ticket 4711: checking the account";
const CASES: Record<string, { action: Action; form: (w: World) => Record<string, string | number> }> = {
  openReviewAction: { action: openReviewAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  openFamilyReviewAction: { action: openFamilyReviewAction, form: (w) => ({ familyId: w.family.id, reason: REASON }) },
  resetMfaAction: { action: resetMfaAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  recoveryEmailAction: { action: recoveryEmailAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  recoveryLinkAction: { action: recoveryLinkAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  revealLinkAction: { action: revealLinkAction, form: (w) => ({ sub: w.member.identitySub, linkId: 1 }) },
  suspendPersonAction: { action: suspendPersonAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  reactivatePersonAction: { action: reactivatePersonAction, form: (w) => ({ sub: w.member.identitySub, reason: REASON }) },
  restorePhotosAction: { action: restorePhotosAction, form: (w) => ({ sub: w.member.identitySub, memberId: w.member.id, reason: REASON }) },
  resendInviteAction: {
    action: resendInviteAction,
    form: (w) => ({ sub: w.member.identitySub, familyId: w.family.id, inviteId: w.invite.id, reason: REASON }),
  },
  revokeInviteAction: {
    action: revokeInviteAction,
    form: (w) => ({ sub: w.member.identitySub, familyId: w.family.id, inviteId: w.invite.id, reason: REASON }),
  },
  restoreFamilyAction: { action: restoreFamilyAction, form: (w) => ({ familyId: w.family.id, reason: REASON }) },
};

type Who = "anonymous" | "member" | "owner" | "operator" | "support";
const WHO: Who[] = ["anonymous", "member", "owner", "operator", "support"];

function signInAs(who: Who, w: World) {
  if (who === "anonymous") return;
  const person = who === "owner" ? w.owner : w.member;
  const sub = who === "operator" || who === "support" ? `staff-${who}-${w.family.id}` : person.identitySub;
  const areas = who === "operator" ? ["operator"] : who === "support" ? ["support"] : ["family"];
  session.viewer = { sub, name: who, email: `${who}@example.test`, areas };
}

async function snapshot(w: World) {
  const [[audit], [jobs], [links], [holds]] = await Promise.all([
    db
      .select({ n: count() })
      .from(auditEvents)
      .where(or(eq(auditEvents.entityId, w.member.identitySub), eq(auditEvents.familyId, w.family.id))),
    db
      .select({ n: count() })
      .from(outboxJobs)
      .where(or(eq(outboxJobs.subjectId, w.member.identitySub), eq(outboxJobs.tenantId, w.tenant.id))),
    db.select({ n: count() }).from(supportRecoveryLinks).where(eq(supportRecoveryLinks.identitySub, w.member.identitySub)),
    db.select({ n: count() }).from(supportSuspensions).where(eq(supportSuspensions.identitySub, w.member.identitySub)),
  ]);
  return [audit!.n, jobs!.n, links!.n, holds!.n];
}

const form = (fields: Record<string, string | number>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, String(value));
  return data;
};

const TABLE = Object.keys(CASES).flatMap((name) => WHO.filter((who) => who !== "support").map((who) => ({ name, who })));

describe("support server actions", () => {
  it.each(TABLE)("$name as $who is refused and writes nothing", async ({ name, who }) => {
    const w = await newWorld();
    signInAs(who, w);
    const before = await snapshot(w);
    const result = await CASES[name]!.action({}, form(CASES[name]!.form(w)));
    expect(result).toMatchObject({ error: who === "anonymous" ? "Your session has ended. Sign in again." : "Not found." });
    expect(await snapshot(w)).toEqual(before);
  });

  it("lets support in (an opened review is audited and redirects), and bad input is answered next to the field", async () => {
    const w = await newWorld();
    signInAs("support", w);
    await expect(openReviewAction({}, form({ sub: w.member.identitySub, reason: REASON }))).rejects.toThrow("NEXT_REDIRECT");
    expect(await suspendPersonAction({}, form({ sub: w.member.identitySub, reason: REASON }))).toMatchObject({ ok: true });
    expect(await suspendPersonAction({}, form({ sub: w.member.identitySub, reason: "short" }))).toMatchObject({
      fieldErrors: { reason: [expect.stringContaining("at least 10 characters")] },
    });
    expect(await resetMfaAction({}, form({ sub: "x".repeat(10_000), reason: REASON }))).toMatchObject({
      fieldErrors: { sub: expect.any(Array) },
    });
    expect(await restorePhotosAction({}, form({ sub: w.member.identitySub, memberId: "99999999999", reason: REASON }))).toMatchObject({
      fieldErrors: { memberId: expect.any(Array) },
    });
  });

  it("searches for support only", async () => {
    const w = await newWorld();
    expect(await searchAction(w.member.email)).toBeNull();
    signInAs("operator", w);
    expect(await searchAction(w.member.email)).toBeNull();
    signInAs("support", w);
    expect((await searchAction(w.member.email))?.people.map((person) => person.sub)).toContain(w.member.identitySub);
    expect(await searchAction({ not: "text" })).toBeNull();
  });
});
