import { describe, expect, it } from "vitest";
import { assignableRoles, can, canAssignRole, canManageMember } from "./permissions";

describe("family permissions", () => {
  it("lets owners and admins manage invites and members, nobody else", () => {
    expect(can("owner", "invite.manage")).toBe(true);
    expect(can("admin", "invite.manage")).toBe(true);
    expect(can("member", "invite.manage")).toBe(false);
    expect(can("guest", "member.manage")).toBe(false);
    expect(can("admin", "family.transfer")).toBe(false);
    expect(can("owner", "family.leave")).toBe(false);
  });

  it("never assigns a role above the actor's, nor ownership", () => {
    expect(assignableRoles("owner")).toEqual(["admin", "member", "guest"]);
    expect(assignableRoles("admin")).toEqual(["admin", "member", "guest"]);
    expect(assignableRoles("member")).toEqual([]);
    expect(canAssignRole("owner", "owner")).toBe(false);
  });

  it("lets admins manage only members and guests, and nobody manage the owner", () => {
    expect(canManageMember("owner", "admin")).toBe(true);
    expect(canManageMember("admin", "admin")).toBe(false);
    expect(canManageMember("admin", "guest")).toBe(true);
    expect(canManageMember("admin", "owner")).toBe(false);
    expect(canManageMember("member", "guest")).toBe(false);
  });
});
