import type { Directory, DirectoryGroup, DirectoryUser } from "../directory";
import { formatDate } from "./format";

/** Groups the user is in, directly or through parent groups (`User.all_groups`). */
export function allGroupsOf(directory: Directory, user: DirectoryUser): DirectoryGroup[] {
  const seen = new Map<string, DirectoryGroup>();
  const visit = (pk: string) => {
    const group = directory.getGroup(pk);
    if (!group || seen.has(pk)) return;
    seen.set(pk, group);
    group.parents.forEach(visit);
  };
  user.groupIds.forEach(visit);
  return [...seen.values()];
}

/** authentik.core.api.groups.PartialGroupSerializer */
export function partialGroup(group: DirectoryGroup) {
  return { pk: group.pk, num_pk: group.numPk, name: group.name, is_superuser: group.isSuperuser, attributes: group.attributes };
}

/** authentik.core.api.groups.PartialUserSerializer */
export function partialUser(user: DirectoryUser) {
  return {
    pk: user.pk,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    last_login: formatDate(user.lastLogin),
    email: user.email,
    attributes: user.attributes,
    uid: user.uid,
  };
}

/** The `initials` avatar mode: an SVG data URI (Authentik's default falls back to it without Gravatar). */
function initialsAvatar(user: DirectoryUser): string {
  const source = user.name.trim() || user.username;
  const initials = source
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? "")
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100"><rect fill="#ed6622" width="100" height="100"/><text x="50%" y="50%" fill="#fff" font-family="sans-serif" font-size="40" text-anchor="middle" dominant-baseline="central">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** authentik.core.api.users.UserSerializer; `include_groups`/`include_roles` false turn the `_obj` lists into null. */
export function serializeUser(directory: Directory, user: DirectoryUser, query?: URLSearchParams) {
  const includeGroups = (query?.get("include_groups") ?? "true").toLowerCase() === "true";
  const includeRoles = (query?.get("include_roles") ?? "true").toLowerCase() === "true";
  const groups = [...user.groupIds].map((pk) => directory.getGroup(pk)).filter((group): group is DirectoryGroup => !!group);
  return {
    pk: user.pk,
    username: user.username,
    name: user.name,
    is_active: user.isActive,
    last_login: formatDate(user.lastLogin),
    date_joined: formatDate(user.dateJoined),
    is_superuser: allGroupsOf(directory, user).some((group) => group.isSuperuser),
    groups: groups.map((group) => group.pk),
    groups_obj: includeGroups ? [...groups].sort((a, b) => a.name.localeCompare(b.name, "en")).map(partialGroup) : null,
    roles: [] as string[],
    roles_obj: includeRoles ? [] : null,
    email: user.email,
    avatar: initialsAvatar(user),
    attributes: user.attributes,
    uid: user.uid,
    path: user.path,
    type: user.type,
    uuid: user.uuid,
    password_change_date: formatDate(user.passwordChangeDate),
    last_updated: formatDate(user.lastUpdated),
  };
}

export function userRef(user: DirectoryUser) {
  return { app: "authentik_core", model_name: "user", pk: user.pk, name: user.username };
}

export function groupRef(group: DirectoryGroup) {
  return { app: "authentik_core", model_name: "group", pk: group.pk.replace(/-/g, ""), name: group.name };
}
