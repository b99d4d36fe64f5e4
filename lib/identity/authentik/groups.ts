import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import type { GroupMember, IdentityGroup } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";
import { isNotFound, requirePk } from "./users";

async function findGroupByName(apis: AuthentikApis, name: string) {
  const page = await retryRead(() => callAuthentik(() => apis.core.coreGroupsList({ name, includeUsers: false })));
  return page.results.find((group) => group.name === name);
}

/** Finds the group by its (unique) name or creates it: safe to run any number of times. */
export async function ensureGroup(apis: AuthentikApis, name: string, attributes: Record<string, unknown> = {}): Promise<IdentityGroup> {
  const existing = await findGroupByName(apis, name);
  if (existing) return { id: existing.pk, name: existing.name, created: false };
  try {
    const group = await callAuthentik(() => apis.core.coreGroupsCreate({ groupRequest: { name, attributes } }));
    return { id: group.pk, name: group.name, created: true };
  } catch (error) {
    // Another worker created it in between: adopt it.
    if (error instanceof IntegrationError && error.kind === "invalid") {
      const raced = await findGroupByName(apis, name);
      if (raced) return { id: raced.pk, name: raced.name, created: false };
    }
    throw error;
  }
}

export async function addUserToGroup(apis: AuthentikApis, groupId: string, accountId: string): Promise<void> {
  const pk = requirePk(accountId);
  await callAuthentik(() => apis.core.coreGroupsAddUserCreate({ groupUuid: groupId, userAccountRequest: { pk } }));
}

/** Authentik answers 404 when the user does not exist: then it is out of the group as well. */
export async function removeUserFromGroup(apis: AuthentikApis, groupId: string, accountId: string): Promise<void> {
  try {
    const pk = requirePk(accountId);
    await callAuthentik(() => apis.core.coreGroupsRemoveUserCreate({ groupUuid: groupId, userAccountRequest: { pk } }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Every account in the group, a page of 100 at a time. */
export async function listGroupMembers(apis: AuthentikApis, groupId: string): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  for (let page = 1; ; page += 1) {
    const answer = await retryRead(() =>
      callAuthentik(() => apis.core.coreUsersList({ groupsByPk: [groupId], page, pageSize: 100, includeGroups: false })),
    );
    for (const user of answer.results) {
      members.push({ accountId: String(user.pk), sub: user.uid, email: user.email ?? "", username: user.username });
    }
    if (!answer.pagination.next) return members;
  }
}
