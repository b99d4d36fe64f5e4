import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import { callAuthentik, type AuthentikApis } from "./client";

export interface AuthentikUserRef {
  pk: number;
  uid: string;
  email: string;
  name: string;
  isActive: boolean;
}

const ref = (user: { pk: number; uid: string; email?: string; name: string; isActive?: boolean }): AuthentikUserRef => ({
  pk: user.pk,
  uid: user.uid,
  email: user.email ?? "",
  name: user.name,
  isActive: user.isActive ?? true,
});

/** The user an invitation's enrollment created: its user-write stage set `attributes.castello_invite`. */
export async function findUserByInvite(apis: AuthentikApis, inviteId: number): Promise<AuthentikUserRef[]> {
  const page = await retryRead(() => callAuthentik(() => apis.core.coreUsersList({ attributes: JSON.stringify({ castello_invite: String(inviteId) }) })));
  return page.results.map(ref);
}

/** Users with this address in any case: Authentik's `email` filter is exact, so search and compare. */
export async function findUsersByEmail(apis: AuthentikApis, email: string): Promise<AuthentikUserRef[]> {
  const wanted = email.trim().toLowerCase();
  const page = await retryRead(() => callAuthentik(() => apis.core.coreUsersList({ search: wanted, pageSize: 100 })));
  return page.results.map(ref).filter((user) => user.email.toLowerCase() === wanted);
}

/** One user with its group names; undefined when deleted. */
export async function getUser(apis: AuthentikApis, pk: number): Promise<(AuthentikUserRef & { groupNames: string[] }) | undefined> {
  try {
    const user = await retryRead(() => callAuthentik(() => apis.core.coreUsersRetrieve({ id: pk })));
    return { ...ref(user), groupNames: (user.groupsObj ?? []).map((group) => group.name) };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function setUserActive(apis: AuthentikApis, pk: number, isActive: boolean): Promise<void> {
  await callAuthentik(() => apis.core.coreUsersPartialUpdate({ id: pk, patchedUserRequest: { isActive } }));
}

export interface MfaDevice {
  type: string;
  name: string;
  confirmed: boolean;
}

/** A user's MFA devices (admin view). */
export async function listMfaDevices(apis: AuthentikApis, userPk: number): Promise<MfaDevice[]> {
  const devices = await retryRead(() => callAuthentik(() => apis.authenticators.authenticatorsAdminAllList({ user: userPk })));
  return devices.map((device) => ({ type: device.type, name: device.name, confirmed: device.confirmed }));
}

export function isNotFound(error: unknown): boolean {
  return error instanceof IntegrationError && error.kind === "not_found";
}
