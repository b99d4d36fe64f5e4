import type { User } from "@goauthentik/api";
import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import type { IdentityAccount, IdentityAccountDetail } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";

type UserFields = Pick<User, "pk" | "uid" | "username" | "name"> & Partial<Pick<User, "email" | "isActive">>;

const account = (user: UserFields): IdentityAccount => ({
  id: String(user.pk),
  sub: user.uid,
  username: user.username,
  email: user.email ?? "",
  name: user.name,
  isActive: user.isActive ?? true,
});

/** Authentik's user pk is an integer; anything else is no user of Authentik's. */
export function userPk(accountId: string): number | undefined {
  return /^[1-9][0-9]{0,9}$/.test(accountId) && Number(accountId) <= 2_147_483_647 ? Number(accountId) : undefined;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof IntegrationError && error.kind === "not_found";
}

/** The user an invitation's enrollment created: its user-write stage set `attributes.castello_invite`. */
export async function findUsersByInvite(apis: AuthentikApis, inviteId: number): Promise<IdentityAccount[]> {
  const page = await retryRead(() =>
    callAuthentik(() => apis.core.coreUsersList({ attributes: JSON.stringify({ castello_invite: String(inviteId) }) })),
  );
  return page.results.map(account);
}

/** Users with this address in any case: Authentik's `email` filter is exact, so search and compare. */
export async function findUsersByEmail(apis: AuthentikApis, email: string): Promise<IdentityAccount[]> {
  const wanted = email.trim().toLowerCase();
  const page = await retryRead(() => callAuthentik(() => apis.core.coreUsersList({ search: wanted, pageSize: 100 })));
  return page.results.map(account).filter((user) => user.email.toLowerCase() === wanted);
}

/** One user with its group names; undefined when deleted. */
export async function getUser(apis: AuthentikApis, accountId: string): Promise<IdentityAccountDetail | undefined> {
  const pk = userPk(accountId);
  if (pk === undefined) return undefined;
  try {
    const user = await retryRead(() => callAuthentik(() => apis.core.coreUsersRetrieve({ id: pk })));
    return {
      ...account(user),
      groupNames: (user.groupsObj ?? []).map((group) => group.name),
      createdAt: user.dateJoined ?? null,
      lastLoginAt: user.lastLogin ?? null,
    };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function setUserActive(apis: AuthentikApis, accountId: string, isActive: boolean): Promise<void> {
  const pk = requirePk(accountId);
  await callAuthentik(() => apis.core.coreUsersPartialUpdate({ id: pk, patchedUserRequest: { isActive } }));
}

export function requirePk(accountId: string): number {
  const pk = userPk(accountId);
  if (pk === undefined) throw new IntegrationError("authentik", "not_found", `no user ${accountId}`, 404);
  return pk;
}

/** The person's current groups, found by address and bound by `sub`; [] when gone or inactive. */
export async function currentGroupsOf(apis: AuthentikApis, person: { sub: string; email: string }): Promise<string[]> {
  const match = (await findUsersByEmail(apis, person.email)).find((user) => user.sub === person.sub);
  const user = match ? await getUser(apis, match.id) : undefined;
  return user && user.isActive ? user.groupNames : [];
}

export async function recoveryLink(apis: AuthentikApis, accountId: string): Promise<string> {
  const pk = requirePk(accountId);
  const { link } = await callAuthentik(() => apis.core.coreUsersRecoveryCreate({ id: pk }));
  return link;
}

/** The email stage Authentik's default recovery blueprint creates; its template says "reset your password". */
export const RECOVERY_EMAIL_STAGE = "default-recovery-email";

/** Authentik mails the person a recovery link through one of its email stages, found by name. */
export async function sendRecoveryEmail(apis: AuthentikApis, accountId: string, stageName = RECOVERY_EMAIL_STAGE): Promise<void> {
  const pk = requirePk(accountId);
  const stages = await retryRead(() => callAuthentik(() => apis.stages.stagesAllList({ name: stageName })));
  const stage = stages.results.find((candidate) => candidate.component === "ak-stage-email-form");
  if (!stage) throw new IntegrationError("authentik", "not_found", `no email stage named ${stageName}`, 404);
  await callAuthentik(() => apis.core.coreUsersRecoveryEmailCreate({ id: pk, userRecoveryEmailRequest: { emailStage: stage.pk } }));
}
