import type { FamilyRole } from "@/lib/db/schema/enums";

export type Area = "operator" | "support" | "family";

export interface StaffGroups {
  operatorGroup: string;
  supportGroup: string;
}

/** Operator and support come from the `groups` claim; family roles come from the database. */
export function staffAreasFromGroups(groups: readonly string[], config: StaffGroups): Area[] {
  const areas: Area[] = [];
  if (groups.includes(config.operatorGroup)) areas.push("operator");
  if (groups.includes(config.supportGroup)) areas.push("support");
  return areas;
}

/** Where a person lands after sign-in: operator first, then support, then their family. */
export function landingPath(areas: readonly Area[]): "/operator" | "/support" | "/family" | "/no-access" {
  if (areas.includes("operator")) return "/operator";
  if (areas.includes("support")) return "/support";
  if (areas.includes("family")) return "/family";
  return "/no-access";
}

export const ROLE_RANK: Record<FamilyRole, number> = { owner: 3, admin: 2, member: 1, guest: 0 };
