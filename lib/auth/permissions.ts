import type { FamilyRole } from "@/lib/db/schema/enums";
import { ROLE_RANK } from "./roles";

/** What each family role may do; enforced by every service verb, mirrored (only) by the UI. */
export const FAMILY_PERMISSIONS = {
  "family.view": ["owner", "admin", "member", "guest"],
  "invite.manage": ["owner", "admin"],
  "member.manage": ["owner", "admin"],
  "family.transfer": ["owner"],
  "family.settings": ["owner"],
  "family.close": ["owner"],
  "family.leave": ["admin", "member", "guest"],
} as const satisfies Record<string, readonly FamilyRole[]>;

export type FamilyPermission = keyof typeof FAMILY_PERMISSIONS;

export function can(role: FamilyRole, permission: FamilyPermission): boolean {
  return (FAMILY_PERMISSIONS[permission] as readonly FamilyRole[]).includes(role);
}

/** Nobody invites or promotes above their own role, and ownership only moves by transfer. */
export function canAssignRole(actor: FamilyRole, role: FamilyRole): boolean {
  return role !== "owner" && can(actor, "member.manage") && ROLE_RANK[role] <= ROLE_RANK[actor];
}

/** The owner manages everyone else; an admin manages members and guests only. */
export function canManageMember(actor: FamilyRole, target: FamilyRole): boolean {
  if (!can(actor, "member.manage") || target === "owner") return false;
  return actor === "owner" || ROLE_RANK[target] < ROLE_RANK[actor];
}

/** Roles an actor may hand out, for the UI's selects. */
export function assignableRoles(actor: FamilyRole): FamilyRole[] {
  return (["admin", "member", "guest"] as const).filter((role) => canAssignRole(actor, role));
}
