import { IntegrationError } from "@/lib/integrations/errors";
import { retryRead } from "@/lib/integrations/retry";
import { callAuthentik, type AuthentikApis } from "./client";

export interface EnsuredGroup {
  pk: string;
  name: string;
  created: boolean;
}

async function findGroupByName(apis: AuthentikApis, name: string) {
  const page = await retryRead(() => callAuthentik(() => apis.core.coreGroupsList({ name, includeUsers: false })));
  return page.results.find((group) => group.name === name);
}

/** Finds the group by its (unique) name or creates it: safe to run any number of times. */
export async function ensureGroup(apis: AuthentikApis, name: string, attributes: Record<string, unknown> = {}): Promise<EnsuredGroup> {
  const existing = await findGroupByName(apis, name);
  if (existing) return { pk: existing.pk, name: existing.name, created: false };
  try {
    const group = await callAuthentik(() => apis.core.coreGroupsCreate({ groupRequest: { name, attributes } }));
    return { pk: group.pk, name: group.name, created: true };
  } catch (error) {
    // Another worker created it in between: adopt it.
    if (error instanceof IntegrationError && error.kind === "invalid") {
      const raced = await findGroupByName(apis, name);
      if (raced) return { pk: raced.pk, name: raced.name, created: false };
    }
    throw error;
  }
}

export async function addUserToGroup(apis: AuthentikApis, groupPk: string, userPk: number): Promise<void> {
  await callAuthentik(() => apis.core.coreGroupsAddUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }));
}

export async function removeUserFromGroup(apis: AuthentikApis, groupPk: string, userPk: number): Promise<void> {
  await callAuthentik(() => apis.core.coreGroupsRemoveUserCreate({ groupUuid: groupPk, userAccountRequest: { pk: userPk } }));
}
