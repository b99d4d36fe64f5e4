import type { ScopeMapping } from "@goauthentik/api";
import { retryRead } from "@/lib/integrations/retry";
import type { SharedAccountClaims } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";
import { requirePk } from "./users";

/**
 * Castello's scope mappings for a photo server's client (docs/sharing.md). One mapping per scope
 * replaces Authentik's managed one, so each claim comes from exactly one expression and the
 * result does not depend on the order Authentik evaluates mappings in. Each reads the shared
 * account Castello wrote on the person (`attributes.castello.immich.<key>`) and, when there is
 * one, presents it; otherwise the person's own claims, as the managed mappings give them.
 */
const ATTRIBUTE_ROOT = "castello";
const ATTRIBUTE_SPACE = "immich";
const MARKER = "# Managed by Castello";

const RETURNS: Record<string, { shared: string; own: string }> = {
  openid: { shared: '{"sub": account["sub"]}', own: "{}" },
  email: {
    shared: '{"email": account["email"], "email_verified": False}',
    own: '{"email": request.user.email, "email_verified": False}',
  },
  profile: {
    shared:
      '{"name": account["name"], "given_name": account["name"], "preferred_username": account["email"], "nickname": account["email"], "groups": groups}',
    own: '{"name": request.user.name, "given_name": request.user.name, "preferred_username": request.user.username, "nickname": request.user.username, "groups": groups}',
  },
};

export const SHARED_ACCOUNT_SCOPES = Object.keys(RETURNS);

/** The keys are Castello's tenant slugs; JSON's quoting is Python's for them, and for anything else. */
export function sharedAccountExpression(scope: string, key: string): string {
  const returns = RETURNS[scope];
  if (!returns) throw new Error(`no shared-account mapping for scope ${scope}`);
  const literal = JSON.stringify(key);
  return [
    `${MARKER} for ${literal}. Do not edit: Castello rewrites it when the tenant's sign-in is repaired.`,
    `account = ((request.user.attributes.get("${ATTRIBUTE_ROOT}") or {}).get("${ATTRIBUTE_SPACE}") or {}).get(${literal})`,
    ...(scope === "profile" ? ["groups = [group.name for group in request.user.groups.all()]"] : []),
    `if isinstance(account, dict) and account.get("sub") and account.get("email"):`,
    `    return ${returns.shared}`,
    `return ${returns.own}`,
  ].join("\n");
}

export function sharedAccountMappingName(clientSlug: string, scope: string): string {
  return `Castello ${clientSlug}: ${scope}`;
}

/** Creates or rewrites the client's mappings; returns their pks in the order of `scopes`. */
export async function ensureSharedAccountMappings(
  apis: AuthentikApis,
  clientSlug: string,
  key: string,
  scopes: string[],
): Promise<string[]> {
  const pks: string[] = [];
  for (const scope of scopes) {
    const scopeMappingRequest = {
      name: sharedAccountMappingName(clientSlug, scope),
      scopeName: scope,
      expression: sharedAccountExpression(scope, key),
      description: "",
    };
    const page = await retryRead(() =>
      callAuthentik(() => apis.propertyMappings.propertymappingsProviderScopeList({ name: scopeMappingRequest.name })),
    );
    const existing = page.results.find((mapping) => mapping.name === scopeMappingRequest.name);
    if (!existing) {
      pks.push((await callAuthentik(() => apis.propertyMappings.propertymappingsProviderScopeCreate({ scopeMappingRequest }))).pk);
      continue;
    }
    if (existing.expression !== scopeMappingRequest.expression || existing.scopeName !== scope) {
      await callAuthentik(() => apis.propertyMappings.propertymappingsProviderScopeUpdate({ pmUuid: existing.pk, scopeMappingRequest }));
    }
    pks.push(existing.pk);
  }
  return pks;
}

/** The provider's mappings, as found. */
export async function providerMappings(apis: AuthentikApis, pks: string[]): Promise<ScopeMapping[]> {
  return Promise.all(
    pks.map((pmUuid) => retryRead(() => callAuthentik(() => apis.propertyMappings.propertymappingsProviderScopeRetrieve({ pmUuid })))),
  );
}

/** The key every mapping reads, when all of them are exactly Castello's; null otherwise. */
export function sharedAccountsKeyOf(mappings: ScopeMapping[]): string | null {
  const keys = mappings.map((mapping) => {
    const match = mapping.expression.match(/^# Managed by Castello for ("(?:[^"\\]|\\.)*")/);
    const key = match ? (JSON.parse(match[1]!) as string) : null;
    return key !== null && RETURNS[mapping.scopeName] && mapping.expression === sharedAccountExpression(mapping.scopeName, key)
      ? key
      : null;
  });
  const [first] = keys;
  return first && keys.every((key) => key === first) ? first : null;
}

function readShared(value: unknown): SharedAccountClaims | null {
  if (!value || typeof value !== "object") return null;
  const { sub, email, name } = value as Record<string, unknown>;
  return typeof sub === "string" && typeof email === "string" ? { sub, email, name: typeof name === "string" ? name : "" } : null;
}

/**
 * Writes the person's shared account under `attributes.castello.immich.<key>`, keeping every other
 * attribute: Authentik replaces `attributes` as a whole, so this reads, changes one key, and writes.
 */
export async function setSharedAccount(
  apis: AuthentikApis,
  accountId: string,
  key: string,
  account: SharedAccountClaims | null,
): Promise<SharedAccountClaims | null> {
  const id = requirePk(accountId);
  const user = await retryRead(() => callAuthentik(() => apis.core.coreUsersRetrieve({ id })));
  const attributes = { ...(user.attributes ?? {}) } as Record<string, unknown>;
  const root = { ...((attributes[ATTRIBUTE_ROOT] as Record<string, unknown> | undefined) ?? {}) };
  const space = { ...((root[ATTRIBUTE_SPACE] as Record<string, unknown> | undefined) ?? {}) };
  const before = readShared(space[key]);
  if (JSON.stringify(before) === JSON.stringify(account)) return before;
  if (account) space[key] = { sub: account.sub, email: account.email, name: account.name };
  else delete space[key];
  root[ATTRIBUTE_SPACE] = space;
  attributes[ATTRIBUTE_ROOT] = root;
  await callAuthentik(() => apis.core.coreUsersPartialUpdate({ id, patchedUserRequest: { attributes } }));
  return before;
}
