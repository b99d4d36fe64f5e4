import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSession, revokeSession, revokeSessionsOf, SESSION_ABSOLUTE_SECONDS, sessionIsLive } from "@/lib/auth/sessions";
import { portalSessions } from "@/lib/db/schema";
import { leaveFamily, removeMember } from "@/lib/members/service";
import { inRollback } from "@/tests/support/db";
import { actorOf, createFamily, createFamilyWithRoles, createMember } from "@/tests/support/factories";

describe("portal sessions on the server", () => {
  it("live until signed out, and never past their absolute end however active", () =>
    inRollback(async (tx) => {
      const now = new Date();
      const session = await openSession(tx, `sub-${randomUUID()}`, now);
      expect(await sessionIsLive(tx, session.id, now)).toBe(true);
      expect(await sessionIsLive(tx, session.id, new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000 - 1000))).toBe(true);
      expect(await sessionIsLive(tx, session.id, new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000 + 1000))).toBe(false);
      await revokeSession(tx, session.id, "sign-out");
      expect(await sessionIsLive(tx, session.id, now)).toBe(false);
      const [row] = await tx.select().from(portalSessions).where(eq(portalSessions.id, session.id));
      expect(row).toMatchObject({ revokedReason: "sign-out", revokedAt: expect.any(Date) });
      for (const forged of [undefined, null, 42, "not-a-uuid", randomUUID()]) expect(await sessionIsLive(tx, forged)).toBe(false);
    }));

  it("end for everyone of a person at once", () =>
    inRollback(async (tx) => {
      const sub = `sub-${randomUUID()}`;
      const [a, b, other] = [await openSession(tx, sub), await openSession(tx, sub), await openSession(tx, `sub-${randomUUID()}`)];
      expect(await revokeSessionsOf(tx, sub, "account deactivated")).toBe(2);
      expect([await sessionIsLive(tx, a.id), await sessionIsLive(tx, b.id), await sessionIsLive(tx, other.id)]).toEqual([
        false,
        false,
        true,
      ]);
    }));

  it("end when a person is removed from, or leaves, their last family, and not while another family holds them", () =>
    inRollback(async (tx) => {
      const { owner, member, guest, family } = await createFamilyWithRoles(tx);
      const elsewhere = await createFamily(tx, family.tenantId);
      await createMember(tx, elsewhere, { identitySub: guest.identitySub, role: "member" });
      const memberSession = await openSession(tx, member.identitySub);
      const guestSession = await openSession(tx, guest.identitySub);
      await removeMember({ actor: actorOf(owner), input: { familyId: family.id, memberId: member.id } }, { db: tx });
      await leaveFamily({ actor: actorOf(guest), input: { familyId: family.id } }, { db: tx });
      expect(await sessionIsLive(tx, memberSession.id)).toBe(false);
      expect(await sessionIsLive(tx, guestSession.id)).toBe(true);
    }));
});
