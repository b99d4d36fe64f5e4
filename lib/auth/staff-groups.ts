import type { IdentityPort } from "@/lib/identity/port";

const FRESH_FOR_MS = 60_000;
const cache = new Map<string, { groups: string[]; at: number }>();

export interface StaffCheck {
  groups: string[];
  /** The identity provider could not be asked and the last answer is older than a minute: staff areas are closed. */
  unverified: boolean;
  /** Staff groups the session claimed that the provider no longer gives the person. */
  lost: string[];
}

export interface SignedInPerson {
  sub: string;
  email: string;
  groups: string[];
  /** When the groups claim was read from the provider (sign-in), ms since the epoch. */
  signedInAt?: number;
}

/**
 * The groups claim is frozen in the session at sign-in. For staff it is checked again against
 * the identity provider (at most once a minute per person), so someone taken out of the
 * operator or support group, or deactivated, loses that area within a minute instead of at
 * session end. If the provider cannot be asked, the last answer (or the sign-in claim) holds
 * for its minute; after that staff areas fail closed. People who claim no staff group are
 * never checked: customers are not affected by the provider being down.
 */
export async function checkStaffGroups(
  identity: Pick<IdentityPort, "currentGroups">,
  person: SignedInPerson,
  staffGroups: string[],
  now = Date.now(),
): Promise<StaffCheck> {
  const claimedStaff = person.groups.filter((group) => staffGroups.includes(group));
  if (claimedStaff.length === 0) return { groups: person.groups, unverified: false, lost: [] };
  const cached = cache.get(person.sub);
  const lostFrom = (groups: string[]) => claimedStaff.filter((group) => !groups.includes(group));
  if (cached && now - cached.at < FRESH_FOR_MS) return { groups: cached.groups, unverified: false, lost: lostFrom(cached.groups) };
  try {
    const groups = await identity.currentGroups(person);
    cache.set(person.sub, { groups, at: now });
    return { groups, unverified: false, lost: lostFrom(groups) };
  } catch {
    const lastKnown = cached ?? (person.signedInAt ? { groups: person.groups, at: person.signedInAt } : undefined);
    if (lastKnown && now - lastKnown.at < FRESH_FOR_MS) return { groups: lastKnown.groups, unverified: false, lost: [] };
    return { groups: person.groups.filter((group) => !staffGroups.includes(group)), unverified: true, lost: [] };
  }
}

/** The person's groups as far as the portal trusts them now. */
export async function currentGroups(
  identity: Pick<IdentityPort, "currentGroups">,
  person: SignedInPerson,
  staffGroups: string[],
  now = Date.now(),
) {
  return (await checkStaffGroups(identity, person, staffGroups, now)).groups;
}

export function forgetGroups(sub: string): void {
  cache.delete(sub);
}
