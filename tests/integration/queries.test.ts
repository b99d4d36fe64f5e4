import { describe, expect, it } from "vitest";
import { findActiveMembershipsBySub, listFamilyMembers } from "@/lib/families/queries";
import { listTenantsWithCounts } from "@/lib/tenants/queries";
import { inRollback } from "@/tests/support/db";
import { createFamily, createMember, createTenant } from "@/tests/support/factories";

describe("membership queries", () => {
  it("finds a person's active families by sub only, skipping removed members and suspended tenants", () =>
    inRollback(async (tx) => {
      const active = await createTenant(tx);
      const suspended = await createTenant(tx, { status: "suspended" });
      const home = await createFamily(tx, active.id, { name: "Home" });
      const left = await createFamily(tx, active.id, { name: "Left" });
      const frozen = await createFamily(tx, suspended.id, { name: "Frozen" });
      await createMember(tx, home, { identitySub: "sub-anna", role: "admin", email: "anna@example.test" });
      await createMember(tx, left, { identitySub: "sub-anna", status: "removed" });
      await createMember(tx, frozen, { identitySub: "sub-anna" });
      // Same e-mail, different person: never matched by e-mail.
      await createMember(tx, left, { identitySub: "sub-impostor", email: "anna@example.test" });

      const memberships = await findActiveMembershipsBySub(tx, "sub-anna");
      expect(memberships).toEqual([expect.objectContaining({ familyName: "Home", role: "admin", tenantSlug: active.slug })]);
      expect(await findActiveMembershipsBySub(tx, "sub-nobody")).toEqual([]);
    }));

  it("lists only the family's active members", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx);
      const family = await createFamily(tx, tenant.id);
      const other = await createFamily(tx, tenant.id);
      const owner = await createMember(tx, family, { role: "owner" });
      await createMember(tx, family, { status: "left" });
      await createMember(tx, other);
      expect((await listFamilyMembers(tx, family.id)).map((m) => m.id)).toEqual([owner.id]);
    }));

  it("counts families and active members per tenant in one query", () =>
    inRollback(async (tx) => {
      const tenant = await createTenant(tx, { slug: "aaa-count-test" });
      const one = await createFamily(tx, tenant.id);
      const two = await createFamily(tx, tenant.id);
      await createMember(tx, one, { role: "owner" });
      await createMember(tx, one);
      await createMember(tx, two, { status: "removed" });
      const row = (await listTenantsWithCounts(tx)).find((t) => t.id === tenant.id);
      expect(row).toMatchObject({ families: 2, members: 2 });
    }));
});
