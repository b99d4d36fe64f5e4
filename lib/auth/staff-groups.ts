import type { IdentityPort } from "@/lib/identity/port";

const FRESH_FOR_MS = 60_000;
const cache = new Map<string, { groups: string[]; at: number }>();

/**
 * The groups claim is frozen in the session at sign-in. For staff it is checked again against
 * the identity provider (at most once a minute per person), so someone taken out of the
 * operator or support group, or deactivated, loses that area within a minute instead of at
 * session end. If the provider cannot be asked, the claims from sign-in stand.
 */
export async function currentGroups(
  identity: Pick<IdentityPort, "currentGroups">,
  person: { sub: string; email: string; groups: string[] },
  staffGroups: string[],
  now = Date.now(),
): Promise<string[]> {
  if (!person.groups.some((group) => staffGroups.includes(group))) return person.groups;
  const cached = cache.get(person.sub);
  if (cached && now - cached.at < FRESH_FOR_MS) return cached.groups;
  try {
    const groups = await identity.currentGroups(person);
    cache.set(person.sub, { groups, at: now });
    return groups;
  } catch {
    return person.groups;
  }
}

export function forgetGroups(sub: string): void {
  cache.delete(sub);
}
