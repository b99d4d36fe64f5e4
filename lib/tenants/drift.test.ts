import { describe, expect, it } from "vitest";
import type { PhotosUser } from "@/lib/photos/port";
import { findDrift, type DriftMember } from "./drift";

function member(id: number, extra: Partial<DriftMember> = {}): DriftMember {
  return {
    id,
    identityAccountId: `a${id}`,
    email: `m${id}@example.test`,
    quotaBytes: 1000,
    immichUserId: `u${id}`,
    holdsAccess: true,
    settled: true,
    ...extra,
  };
}

function photosUser(id: string, email: string, extra: Partial<PhotosUser> = {}): PhotosUser {
  return {
    id,
    email,
    name: id,
    status: "active",
    isAdmin: false,
    quotaBytes: 1000,
    usageBytes: 0,
    deletedAt: null,
    restorableUntil: null,
    ...extra,
  };
}

const account = (id: string) => ({ accountId: id, sub: `sub-${id}`, email: `${id}@example.test`, username: id });

describe("drift between members, the tenant's group and Immich", () => {
  it("finds nothing when the three agree", () => {
    expect(findDrift({ members: [member(1)], groupMembers: [account("a1")], photosUsers: [photosUser("u1", "m1@example.test")] })).toEqual(
      [],
    );
  });

  it("finds each kind once, about the right subject", () => {
    const findings = findDrift({
      members: [
        member(1), // not in the group
        member(2, { immichUserId: null, email: "m2@example.test" }), // no Immich user at all
        member(3), // deleted in Immich
        member(4, { quotaBytes: 5 }), // quota differs
        member(5), // e-mail differs
        member(6, { holdsAccess: false, immichUserId: "u6" }), // left: their Immich user is still Castello's
      ],
      groupMembers: [account("a2"), account("a3"), account("a4"), account("a5"), account("stray")],
      photosUsers: [
        photosUser("u1", "m1@example.test"),
        photosUser("u3", "m3@example.test", { status: "deleted" }),
        photosUser("u4", "m4@example.test"),
        photosUser("u5", "old5@example.test"),
        photosUser("u6", "m6@example.test"),
        photosUser("admin", "admin@example.test", { isAdmin: true }),
        photosUser("x", "someone@example.test"),
      ],
    });
    expect(findings.map((finding) => [finding.kind, finding.subjectKey])).toEqual([
      ["group_member_missing", "member:1"],
      ["photos_user_missing", "member:2"],
      ["photos_user_deleted", "member:3"],
      ["quota_differs", "member:4"],
      ["photos_email_differs", "member:5"],
      ["group_member_unknown", "account:stray"],
      ["photos_user_unknown", "photos:x"],
    ]);
    expect(findings[3]!.detail).toMatchObject({ expected: 5, found: 1000 });
  });

  it("leaves members who just joined alone, and keeps them out of the strays", () => {
    const fresh = member(1, { settled: false, immichUserId: null });
    expect(findDrift({ members: [fresh], groupMembers: [account("a1")], photosUsers: [] })).toEqual([]);
  });

  it("finds a member's Immich user by e-mail when no id was recorded", () => {
    const adopted = member(1, { immichUserId: null, email: "M1@Example.test" });
    expect(findDrift({ members: [adopted], groupMembers: [account("a1")], photosUsers: [photosUser("u9", "m1@example.test")] })).toEqual(
      [],
    );
  });

  it("treats someone whose family was suspended as no longer holding the group", () => {
    const suspended = member(1, { holdsAccess: false });
    expect(findDrift({ members: [suspended], groupMembers: [account("a1")], photosUsers: [photosUser("u1", "m1@example.test")] })).toEqual([
      expect.objectContaining({ kind: "group_member_unknown", subjectKey: "account:a1" }),
    ]);
  });
});
