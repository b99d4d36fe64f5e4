import type { AuthentikApis } from "@/lib/authentik/client";
import { findUsersByEmail, getUser } from "@/lib/authentik/users";

const FRESH_FOR_MS = 60_000;
const cache = new Map<string, { groups: string[]; at: number }>();

/**
 * The groups claim is frozen in the session at sign-in. For staff it is checked again against
 * Authentik (at most once a minute per person), so someone taken out of the operator or
 * support group, or deactivated, loses that area within a minute instead of at session end.
 * If Authentik cannot be asked, the claims from sign-in stand.
 */
export async function currentGroups(
  apis: AuthentikApis,
  person: { sub: string; email: string; groups: string[] },
  staffGroups: string[],
  now = Date.now(),
): Promise<string[]> {
  if (!person.groups.some((group) => staffGroups.includes(group))) return person.groups;
  const cached = cache.get(person.sub);
  if (cached && now - cached.at < FRESH_FOR_MS) return cached.groups;
  try {
    const match = (await findUsersByEmail(apis, person.email)).find((user) => user.uid === person.sub);
    const user = match ? await getUser(apis, match.pk) : undefined;
    const groups = user && user.isActive ? user.groupNames : [];
    cache.set(person.sub, { groups, at: now });
    return groups;
  } catch {
    return person.groups;
  }
}

export function forgetGroups(sub: string): void {
  cache.delete(sub);
}
