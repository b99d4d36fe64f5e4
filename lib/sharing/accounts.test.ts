import { describe, expect, it } from "vitest";
import { newFamilyAccount, sharedAccountFor, type HeldMembership } from "./accounts";

const membership = (over: Partial<HeldMembership>): HeldMembership => ({
  memberId: 1,
  familyId: 10,
  role: "member",
  sharingMode: "shared_library",
  joinedAt: new Date("2026-01-01"),
  ...over,
});

describe("a family's own photo accounts", () => {
  it("have a random subject, an address that never delivers, and a strong password", () => {
    const a = newFamilyAccount({ tenantSlug: "rossi", familyId: 7, familyName: "Rossi", kind: "library" });
    const b = newFamilyAccount({ tenantSlug: "rossi", familyId: 7, familyName: "Rossi", kind: "library" });
    expect(a.email).toBe("library-family-7@rossi.castello.invalid");
    expect(a.subject).toMatch(/^castello:library:[0-9a-f]{32}$/);
    expect(a.subject).not.toBe(b.subject);
    expect(a.password.length).toBeGreaterThanOrEqual(43);
    expect(newFamilyAccount({ tenantSlug: "rossi", familyId: 7, familyName: "Rossi", kind: "guest" }).name).toBe("Rossi (guests)");
  });
});

describe("the shared account a person signs in to", () => {
  it("is none in the individual mode", () => {
    expect(sharedAccountFor([membership({ sharingMode: "individual" })])).toBeNull();
    expect(sharedAccountFor([])).toBeNull();
  });

  it("is the family library for every role but guest, and the guest account for guests", () => {
    for (const role of ["owner", "admin", "member"] as const)
      expect(sharedAccountFor([membership({ role })])).toEqual({ familyId: 10, kind: "library" });
    expect(sharedAccountFor([membership({ role: "guest" })])).toEqual({ familyId: 10, kind: "guest" });
  });

  it("comes from the earliest-joined shared family when a person is in two", () => {
    const later = membership({ memberId: 2, familyId: 20, joinedAt: new Date("2026-03-01") });
    const earlier = membership({ memberId: 3, familyId: 30, role: "guest", joinedAt: new Date("2026-02-01") });
    expect(
      sharedAccountFor([later, earlier, membership({ memberId: 4, familyId: 40, sharingMode: "individual", joinedAt: new Date(0) })]),
    ).toEqual({
      familyId: 30,
      kind: "guest",
    });
  });
});
