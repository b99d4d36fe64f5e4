import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invites, members } from "@/lib/db/schema";
import { LimitExceededError } from "@/lib/errors";
import type { IdentityPort } from "@/lib/identity/port";
import { transferOwnership } from "@/lib/members/service";
import { acceptInvite } from "@/lib/onboarding/service";
import { createInvitesInput } from "@/lib/invites/input";
import { createInvites } from "@/lib/invites/service";
import { db } from "@/tests/support/db";
import {
  actorOf,
  createFamily,
  createFamilyWithRoles,
  createInvite,
  createMember,
  createTenant,
  deleteTenants,
} from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";

const keyring = testKeyring();
const tenantIds: number[] = [];
afterAll(() => deleteTenants(db, tenantIds));

describe("two admins inviting at the same moment", () => {
  it("never give away more seats than the tenant allows: the family row lock serializes them", async () => {
    // 4 members of 5 seats: exactly one of two simultaneous invites can win the last seat.
    const { tenant, family, owner, admin } = await createFamilyWithRoles(db, { tenant: { seatLimit: 5 } });
    tenantIds.push(tenant.id);
    const attempt = (by: typeof owner, email: string) =>
      createInvites(
        { actor: actorOf(by), input: createInvitesInput.parse({ familyId: String(family.id), emails: email, role: "member" }) },
        { db, keyring },
      );

    const results = await Promise.allSettled([attempt(owner, "first@example.test"), attempt(admin, "second@example.test")]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(LimitExceededError);
    expect(await db.select().from(invites).where(eq(invites.familyId, family.id))).toHaveLength(1);
  });
});

describe("simultaneous acceptances and transfers", () => {
  it("four invitees accepting at once into a family with one seat left: exactly one joins", async () => {
    const tenant = await createTenant(db, { seatLimit: 2 });
    tenantIds.push(tenant.id);
    const family = await createFamily(db, tenant.id);
    await createMember(db, family, { role: "owner" });
    const people = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const { invite, token } = await createInvite(db, family, { email: `racer-${n}-${tenant.id}@example.test` });
        return { token, person: { sub: `racer-sub-${n}-${tenant.id}`, email: invite.email, name: `Racer ${n}` } };
      }),
    );
    // The identity provider knows each racer as the account with the invited address.
    const identity: Pick<IdentityPort, "invitationExists" | "findAccountsByInvite" | "findAccountsByEmail"> = {
      invitationExists: async () => false,
      findAccountsByInvite: async () => [],
      findAccountsByEmail: async (email) =>
        people
          .filter(({ person }) => person.email === email)
          .map(({ person }, i) => ({
            id: String(100 + i),
            sub: person.sub,
            username: person.name,
            email,
            name: person.name,
            isActive: true,
          })),
    };
    const results = await Promise.allSettled(people.map(({ token, person }) => acceptInvite({ token, person }, { db, identity })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const refused of results.filter((result) => result.status === "rejected")) {
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(LimitExceededError);
    }
    expect(
      await db
        .select()
        .from(members)
        .where(and(eq(members.familyId, family.id), eq(members.status, "active"))),
    ).toHaveLength(2);
  });

  it("two ownership transfers at once do not deadlock: one wins, the other is refused cleanly", async () => {
    const { tenant, family, owner, admin, member } = await createFamilyWithRoles(db);
    tenantIds.push(tenant.id);
    const transfer = (to: number) => transferOwnership({ actor: actorOf(owner), input: { familyId: family.id, memberId: to } }, { db });
    const results = await Promise.allSettled([transfer(admin.id), transfer(member.id)]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected") as PromiseRejectedResult;
    expect(String(refused.reason?.message)).not.toMatch(/deadlock/i);
    expect(refused.reason?.constructor?.name).toMatch(/ForbiddenError|NotFoundError/);
    const owners = await db
      .select()
      .from(members)
      .where(and(eq(members.familyId, family.id), eq(members.role, "owner"), eq(members.status, "active")));
    expect(owners).toHaveLength(1);
  });
});
