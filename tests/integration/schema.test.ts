import { addDays } from "@/tests/support/dates";
import { describe, expect, it } from "vitest";
import { invites, members } from "@/lib/db/schema";
import type { Database } from "@/lib/db/connect";
import { inRollback } from "@/tests/support/db";
import { createFamily, createMember, createTenant } from "@/tests/support/factories";

/** Runs a statement in a savepoint so that its failure does not abort the test's transaction. */
function attempt(tx: Database, statement: (sp: Database) => Promise<unknown>) {
  return tx.transaction(async (sp) => {
    await statement(sp as unknown as Database);
  });
}

const pendingInvite = (tenantId: number, familyId: number, email: string, tokenHash: string) => ({
  tenantId,
  familyId,
  email,
  role: "member" as const,
  tokenHash,
  expiresAt: addDays(new Date(), 7),
});

describe("database rules", () => {
  it("allows at most one pending invite per family and address, whatever its case", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await createFamily(tx, tenant.id);
      await tx.insert(invites).values(pendingInvite(tenant.id, family.id, "anna@example.test", "hash-1"));
      await expect(
        attempt(tx, (sp) => sp.insert(invites).values(pendingInvite(tenant.id, family.id, "Anna@Example.test", "hash-2"))),
      ).rejects.toThrow();
      // Once the first one is no longer pending, a new invite for the address is allowed.
      await tx
        .update(invites)
        .set({ status: "revoked" })
        .where((await import("drizzle-orm")).eq(invites.tokenHash, "hash-1"));
      await tx.insert(invites).values(pendingInvite(tenant.id, family.id, "anna@example.test", "hash-3"));
    }));

  it("refuses the same person twice in a family and a second active owner", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await createFamily(tx, tenant.id);
      await createMember(tx, family, { identitySub: "same-sub", role: "owner" });
      await expect(attempt(tx, (sp) => createMember(sp, family, { identitySub: "same-sub" }))).rejects.toThrow();
      await expect(attempt(tx, (sp) => createMember(sp, family, { role: "owner" }))).rejects.toThrow();
      const otherFamily = await createFamily(tx, tenant.id);
      await createMember(tx, otherFamily, { identitySub: "same-sub", role: "owner" });
      expect((await tx.select().from(members)).filter((m) => m.identitySub === "same-sub")).toHaveLength(2);
    }));

  it("keeps invite token hashes unique and tenant slugs DNS labels", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await createFamily(tx, tenant.id);
      await tx.insert(invites).values(pendingInvite(tenant.id, family.id, "a@example.test", "same-hash"));
      await expect(
        attempt(tx, (sp) => sp.insert(invites).values(pendingInvite(tenant.id, family.id, "b@example.test", "same-hash"))),
      ).rejects.toThrow();
      await expect(attempt(tx, (sp) => createTenant(sp, { slug: "Not_A_Label" }))).rejects.toThrow();
      await expect(attempt(tx, (sp) => createTenant(sp, { slug: "-leading-dash" }))).rejects.toThrow();
    }));
});
