import type { EventLog, RequestInfo } from "../api/event-log";
import { uuidHex } from "../api/format";
import type { ApplicationRecord, OAuth2ProviderRecord, ScopeMappingRecord } from "../api/records";
import type { Directory, DirectoryUser } from "../directory";
import {
  evaluateMappings,
  evaluateMappingsSync,
  type ContextProvider,
  type ContextUser,
  type EvaluationContext,
} from "../expressions/evaluator";

/** authentik.providers.oauth2.constants.ACR_AUTHENTIK_DEFAULT */
export const ACR_AUTHENTIK_DEFAULT = "goauthentik.io/providers/oauth2/default";

type Claims = Record<string, unknown>;

function contextUser(user: DirectoryUser): ContextUser {
  return {
    pk: user.pk,
    uid: user.uid,
    uuid: user.uuid,
    username: user.username,
    name: user.name,
    email: user.email,
    is_active: user.isActive,
    attributes: user.attributes,
    path: user.path,
    type: user.type,
    groups: [...user.groupIds],
  };
}

function contextProvider(provider: OAuth2ProviderRecord, application: ApplicationRecord | undefined): ContextProvider {
  return {
    pk: provider.pk,
    name: provider.name,
    client_type: provider.clientType,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
    sub_mode: provider.subMode,
    issuer_mode: provider.issuerMode,
    include_claims_in_id_token: provider.includeClaimsInIdToken,
    application: application
      ? {
          pk: application.pk,
          name: application.name,
          slug: application.slug,
          group: application.group,
          meta_launch_url: application.metaLaunchUrl,
        }
      : null,
  };
}

/** Everyone in the directory, for `request.user.groups` and `ak_user_by`. */
function directoryContext(directory: Directory): Pick<EvaluationContext, "users" | "groups"> {
  return {
    users: directory.listUsers().map(contextUser),
    groups: directory.listGroups().map((group) => ({
      pk: group.pk,
      num_pk: group.numPk,
      name: group.name,
      is_superuser: group.isSuperuser,
      attributes: group.attributes,
      parents: group.parents,
    })),
  };
}

function mappingRef(mapping: ScopeMappingRecord) {
  return { app: "authentik_providers_oauth2", model_name: "scopemapping", pk: uuidHex(mapping.pk), name: mapping.name };
}

export interface ScopeClaimsInput {
  /** The provider's mappings, ordered by scope_name (ties in creation order). */
  mappings: ScopeMappingRecord[];
  /** The token's scopes. */
  scopes: string[];
  user: DirectoryUser;
  provider: OAuth2ProviderRecord;
  application?: ApplicationRecord;
  directory: Directory;
  events?: EventLog;
  request?: RequestInfo;
}

/**
 * UserInfoView.get_claims: the provider's mappings whose scope the token has, evaluated in Python
 * in scope_name order and deep-merged. A mapping that raises is logged, recorded as Authentik does
 * (property_mapping_exception, configuration_error) and contributes nothing; so does a result
 * that is None or not a dict.
 */
export async function scopeClaims(input: ScopeClaimsInput): Promise<Claims> {
  const granted = new Set(input.scopes);
  const mappings = input.mappings.filter((mapping) => granted.has(mapping.scopeName));
  const answer = await evaluateMappings(
    mappings.map((mapping) => ({ name: mapping.name, expression: mapping.expression })),
    {
      user: input.user.pk,
      ...directoryContext(input.directory),
      provider: contextProvider(input.provider, input.application),
      token: { scope: input.scopes },
      http_request: input.request && { path: input.request.path, method: input.request.method, client_ip: input.request.clientIp },
    },
  );
  for (const log of answer.logs) console.info(`[fake-authentik] ak_logger ${log.logger}: ${log.level} ${log.event}`);
  answer.results.forEach((result, index) => {
    if (!("error" in result)) return;
    const mapping = mappings[index]!;
    console.warn(`[fake-authentik] Failed to evaluate property mapping '${mapping.name}': ${result.message}`);
    const user = { pk: input.user.pk, username: input.user.username, email: input.user.email };
    input.events?.record({
      action: "property_mapping_exception",
      app: "authentik.core.expression.evaluator",
      user,
      context: { expression: mapping.expression, message: result.error },
      request: input.request,
    });
    input.events?.record({
      action: "configuration_error",
      app: "authentik.providers.oauth2.views.userinfo",
      context: {
        message: `Failed to evaluate property-mapping: '${mapping.name}'`,
        provider: { app: "authentik_providers_oauth2", model_name: "oauth2provider", pk: input.provider.pk, name: input.provider.name },
        mapping: mappingRef(mapping),
      },
      request: input.request,
    });
  });
  return answer.claims;
}

/** guardian's anonymous user, as ProviderInfoView evaluates the mappings for claims_supported. */
const ANONYMOUS: ContextUser = {
  pk: null,
  uid: "",
  uuid: null,
  username: "AnonymousUser",
  name: "",
  email: "",
  is_active: true,
  attributes: {},
  path: "users",
  type: "internal",
  groups: [],
};

const claimNamesCache = new Map<string, string[]>();

function claimNamesContext(): EvaluationContext & { anonymous_user: ContextUser } {
  return { user: null, anonymous_user: ANONYMOUS, users: [], groups: [], provider: null };
}

function namesOf(result: { value: unknown } | { error: string }): string[] {
  return "value" in result && result.value && typeof result.value === "object" && !Array.isArray(result.value)
    ? Object.keys(result.value)
    : [];
}

/** The keys a mapping returns for the anonymous user (errors ignored): its part of discovery's `claims_supported`. */
export async function evaluateClaimNames(expression: string, name: string): Promise<string[]> {
  const cached = claimNamesCache.get(expression);
  if (cached) return cached;
  const answer = await evaluateMappings([{ name, expression }], claimNamesContext());
  const names = namesOf(answer.results[0]!);
  claimNamesCache.set(expression, names);
  return names;
}

/** The same for several mappings at once, blocking (seeds, and mappings stored without their names). */
export function evaluateClaimNamesSync(mappings: { name: string; expression: string }[]): string[][] {
  const missing = mappings.filter((mapping) => !claimNamesCache.has(mapping.expression));
  if (missing.length > 0) {
    const answer = evaluateMappingsSync(missing, claimNamesContext());
    missing.forEach((mapping, index) => claimNamesCache.set(mapping.expression, namesOf(answer.results[index]!)));
  }
  return mappings.map((mapping) => claimNamesCache.get(mapping.expression)!);
}

/** The claims a mapping gives, as discovery's `claims_supported` finds them: computed when it was saved. */
export function mappingClaimNames(mapping: ScopeMappingRecord): string[] {
  mapping.claimNames ??= evaluateClaimNamesSync([mapping])[0]!;
  return mapping.claimNames;
}

/** IDToken.new's `sub` for the provider's `sub_mode`. */
export function subjectOf(provider: OAuth2ProviderRecord, user: DirectoryUser): string {
  switch (provider.subMode) {
    case "user_id":
      return String(user.pk);
    case "user_uuid":
      return user.uuid;
    case "user_email":
      return user.email;
    case "user_username":
      return user.username;
    case "user_upn":
      return typeof user.attributes.upn === "string" ? user.attributes.upn : user.uid;
    default:
      return user.uid;
  }
}

export function userWithSubject(directory: Directory, provider: OAuth2ProviderRecord, sub: string): DirectoryUser | undefined {
  return directory.listUsers().find((user) => subjectOf(provider, user) === sub);
}
