import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkStaffGroups, currentGroups, forgetGroups } from "@/lib/auth/staff-groups";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

const STAFF = ["castello-operators", "castello-support"];
let authentik: AuthentikSandbox;

beforeAll(async () => {
  authentik = await startAuthentikSandbox();
});
afterAll(() => authentik.server.close());

describe("staff groups after sign-in", () => {
  it("follows Authentik: an operator taken out of the group loses the area within a minute", async () => {
    const user = authentik.directory.createUser({
      username: "op-fresh",
      name: "Op",
      email: "op-fresh@example.test",
      groups: ["castello-operators"],
    });
    const person = { sub: user.uid, email: user.email, groups: ["castello-operators"] };
    const start = Date.now();
    expect(await currentGroups(authentik.identity, person, STAFF, start)).toContain("castello-operators");

    user.groupIds.clear();
    // Still cached for a minute, then Authentik's answer wins.
    expect(await currentGroups(authentik.identity, person, STAFF, start + 1000)).toContain("castello-operators");
    expect(await currentGroups(authentik.identity, person, STAFF, start + 61_000)).toEqual([]);

    forgetGroups(user.uid);
    user.isActive = false;
    user.groupIds.add(authentik.directory.ensureGroup("castello-operators").pk);
    expect(await currentGroups(authentik.identity, person, STAFF)).toEqual([]);
  });

  it("keeps the sign-in claims for their minute when Authentik cannot be asked, then closes the staff areas; never asks for non-staff", async () => {
    const signedInAt = Date.now();
    const person = { sub: "unknown-sub", email: "nobody@example.test", groups: ["castello-support", "family-people"], signedInAt };
    authentik.faults.add({ path: "/api/v3/", fault: { kind: "status", status: 503 } });
    expect(await checkStaffGroups(authentik.identity, person, STAFF, signedInAt + 1000)).toEqual({
      groups: person.groups,
      unverified: false,
      lost: [],
    });
    expect(await checkStaffGroups(authentik.identity, person, STAFF, signedInAt + 61_000)).toEqual({
      groups: ["family-people"],
      unverified: true,
      lost: [],
    });
    authentik.faults.clear();
    const customer = { ...person, sub: "customer-sub", groups: ["family-people"] };
    authentik.faults.add({ path: "/api/v3/", fault: { kind: "status", status: 503 } });
    expect(await currentGroups(authentik.identity, customer, STAFF, signedInAt + 61_000)).toEqual(["family-people"]);
    authentik.faults.clear();
  });

  it("says which staff groups a session claimed that Authentik no longer gives", async () => {
    const user = authentik.directory.createUser({ username: "sup-lost", name: "Sup", email: "sup-lost@example.test", groups: [] });
    const check = await checkStaffGroups(authentik.identity, { sub: user.uid, email: user.email, groups: ["castello-support"] }, STAFF);
    expect(check).toEqual({ groups: [], unverified: false, lost: ["castello-support"] });
  });
});
