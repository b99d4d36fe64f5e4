import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { invites } from "@/lib/db/schema";
import { LimitExceededError } from "@/lib/errors";
import { createInvitesInput } from "@/lib/invites/input";
import { createInvites } from "@/lib/invites/service";
import { db } from "@/tests/support/db";
import { actorOf, createFamilyWithRoles, deleteTenants } from "@/tests/support/factories";
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
