import { randomBytes } from "node:crypto";
import type { FamilyPhotoAccountKind, FamilyRole, SharingMode } from "@/lib/db/schema";

/**
 * Who a family's own photo accounts are: pure, so the rules are read in one place. The subject is
 * random (never a person's), the address is under `.invalid` (RFC 2606: it never delivers).
 */
export function newFamilyAccount(input: { tenantSlug: string; familyId: number; familyName: string; kind: FamilyPhotoAccountKind }) {
  const { tenantSlug, familyId, familyName, kind } = input;
  return {
    kind,
    subject: `castello:${kind}:${randomBytes(16).toString("hex")}`,
    email: `${kind}-family-${familyId}@${tenantSlug}.castello.invalid`,
    name: kind === "library" ? `${familyName} (family library)` : `${familyName} (guests)`,
    password: randomBytes(32).toString("base64url"),
  };
}

export interface HeldMembership {
  memberId: number;
  familyId: number;
  role: FamilyRole;
  sharingMode: SharingMode;
  joinedAt: Date;
}

/**
 * The family account a person signs in to on a tenant: from the earliest-joined of their active
 * memberships in a family with one library (a person in two such families on one tenant can
 * present only one identity to its photo server); guests get the family's guest account.
 */
export function sharedAccountFor(memberships: HeldMembership[]): { familyId: number; kind: FamilyPhotoAccountKind } | null {
  const shared = memberships
    .filter((membership) => membership.sharingMode === "shared_library")
    .sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || a.memberId - b.memberId);
  const [first] = shared;
  return first ? { familyId: first.familyId, kind: first.role === "guest" ? "guest" : "library" } : null;
}
