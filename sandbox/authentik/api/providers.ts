import { MESSAGES, notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { booleanParam, textParam } from "./filters";
import { canonicalUuid, generateId, isUuid } from "./format";
import { order, paginate, search } from "./pagination";
import type { OAuth2ProviderRecord, RedirectUri } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

const CLIENT_TYPES = ["confidential", "public"] as const;
const GRANT_TYPES = [
  "authorization_code",
  "implicit",
  "hybrid",
  "refresh_token",
  "client_credentials",
  "password",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:token-exchange",
] as const;
const SUB_MODES = ["hashed_user_id", "user_id", "user_uuid", "user_username", "user_email", "user_upn"] as const;
const ISSUER_MODES = ["global", "per_provider"] as const;
const LOGOUT_METHODS = ["backchannel", "frontchannel"] as const;
const TIMEDELTA = /^(\s*(weeks|days|hours|minutes|seconds|milliseconds|microseconds)=\d+(\.\d+)?\s*;?)+$/;

/** authentik.core.api.providers.ProviderSerializer: what an application's `provider_obj` shows of its provider. */
export function serializeProviderBase(state: ApiState, provider: OAuth2ProviderRecord) {
  const application = state.applicationOf(provider.pk);
  const backchannel = state.backchannelApplicationOf(provider.pk);
  return {
    pk: provider.pk,
    name: provider.name,
    authentication_flow: provider.authenticationFlow,
    authorization_flow: provider.authorizationFlow,
    invalidation_flow: provider.invalidationFlow,
    property_mappings: provider.propertyMappings,
    component: "ak-provider-oauth2-form",
    assigned_application_slug: application?.slug ?? null,
    assigned_application_name: application?.name ?? null,
    assigned_backchannel_application_slug: backchannel?.slug ?? null,
    assigned_backchannel_application_name: backchannel?.name ?? null,
    verbose_name: "OAuth2/OpenID Provider",
    verbose_name_plural: "OAuth2/OpenID Providers",
    meta_model_name: "authentik_providers_oauth2.oauth2provider",
  };
}

/** authentik.providers.oauth2.api.providers.OAuth2ProviderSerializer */
function serializeProvider(state: ApiState, provider: OAuth2ProviderRecord) {
  return {
    ...serializeProviderBase(state, provider),
    client_type: provider.clientType,
    grant_types: provider.grantTypes,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
    access_code_validity: provider.accessCodeValidity,
    access_token_validity: provider.accessTokenValidity,
    refresh_token_validity: provider.refreshTokenValidity,
    refresh_token_threshold: provider.refreshTokenThreshold,
    include_claims_in_id_token: provider.includeClaimsInIdToken,
    signing_key: provider.signingKey,
    encryption_key: provider.encryptionKey,
    redirect_uris: provider.redirectUris,
    logout_uri: provider.logoutUri,
    logout_method: provider.logoutMethod,
    sub_mode: provider.subMode,
    issuer_mode: provider.issuerMode,
    jwt_federation_sources: provider.jwtFederationSources,
    jwt_federation_providers: provider.jwtFederationProviders,
  };
}

function providerRef(provider: OAuth2ProviderRecord) {
  return { app: "authentik_providers_oauth2", model_name: "oauth2provider", pk: provider.pk, name: provider.name };
}

function findProvider(state: ApiState, id: string): OAuth2ProviderRecord {
  if (!/^\d+$/.test(id)) throw notFound();
  const provider = state.providers.get(Number(id));
  if (!provider) throw notFoundFor("OAuth2Provider");
  return provider;
}

function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let providers = [...state.providers.values()];
  const exact: [string, (p: OAuth2ProviderRecord) => unknown][] = [
    ["name", (p) => p.name],
    ["client_id", (p) => p.clientId],
    ["client_type", (p) => p.clientType],
    ["sub_mode", (p) => p.subMode],
    ["issuer_mode", (p) => p.issuerMode],
    ["authorization_flow", (p) => p.authorizationFlow],
    ["access_code_validity", (p) => p.accessCodeValidity],
    ["access_token_validity", (p) => p.accessTokenValidity],
    ["refresh_token_validity", (p) => p.refreshTokenValidity],
    ["signing_key", (p) => p.signingKey],
  ];
  for (const [param, value] of exact) {
    const wanted = textParam(query, param);
    if (wanted !== undefined) providers = providers.filter((provider) => value(provider) === wanted);
  }
  // The reverse OneToOne `application`: a ModelChoiceFilter on the application's pk.
  const application = textParam(query, "application");
  if (application !== undefined) {
    const found = isUuid(application) ? state.applications.get(canonicalUuid(application)) : undefined;
    if (!found) throw validationError({ application: ["Select a valid choice. That choice is not one of the available choices."] });
    providers = providers.filter((provider) => provider.pk === found.providerPk);
  }
  const claims = booleanParam(query, "include_claims_in_id_token");
  if (claims !== undefined) providers = providers.filter((provider) => provider.includeClaimsInIdToken === claims);
  const mappings = query.getAll("property_mappings").filter(Boolean);
  if (mappings.length > 0) providers = providers.filter((provider) => mappings.some((pk) => provider.propertyMappings.includes(pk)));
  providers = search(providers, query, [(p) => p.name]);
  const ordered = order(
    providers,
    query,
    { pk: (p) => p.pk, name: (p) => p.name, client_id: (p) => p.clientId, client_type: (p) => p.clientType, sub_mode: (p) => p.subMode },
    ["name"],
  );
  return { status: 200, body: paginate(ordered, query, state, (provider) => serializeProvider(state, provider)) };
}

function readRedirectUris(body: BodyReader): RedirectUri[] | undefined {
  const items = body.list("redirect_uris", { required: true });
  if (!items) return undefined;
  const errors: Record<string, string[]>[] = [];
  const uris: RedirectUri[] = [];
  for (const item of items) {
    const entry = BodyReader.from(item);
    const matchingMode = entry.choice("matching_mode", ["strict", "regex"] as const, { required: true });
    const url = entry.string("url", { required: true });
    const type = entry.choice("redirect_uri_type", ["authorization", "logout"] as const);
    errors.push(entry.errors as Record<string, string[]>);
    if (entry.valid) uris.push({ matching_mode: matchingMode!, url: url!, redirect_uri_type: type ?? "authorization" });
  }
  if (errors.some((entry) => Object.keys(entry).length > 0)) return body.fail("redirect_uris", errors);
  for (const uri of uris) {
    if (uri.matching_mode !== "regex") continue;
    try {
      new RegExp(uri.url);
    } catch {
      return body.fail("redirect_uris", `Invalid Regex Pattern: ${uri.url}`);
    }
  }
  return uris;
}

function duration(body: BodyReader, key: string): string | undefined {
  const value = body.string(key) ?? undefined;
  if (value !== undefined && !TIMEDELTA.test(value)) return body.fail(key, `${value} is not in the correct format of 'hours=3;minutes=1'.`);
  return value;
}

async function readProvider(request: ApiRequest, state: ApiState, instance: OAuth2ProviderRecord | undefined, partial: boolean) {
  const body = BodyReader.from(await request.body(), partial);
  const flowExists = (pk: string) => state.flows.has(pk);
  const others = [...state.providers.values()].filter((provider) => provider !== instance);
  let name = body.string("name", { required: true }) ?? undefined;
  if (name !== undefined && others.some((provider) => provider.name === name))
    name = body.fail("name", MESSAGES.uniqueModel("Provider", "name"));
  const input = {
    name,
    authenticationFlow: body.relatedUuid("authentication_flow", flowExists, { allowNull: true }),
    authorizationFlow: body.relatedUuid("authorization_flow", flowExists, { required: true }) ?? undefined,
    invalidationFlow: body.relatedUuid("invalidation_flow", flowExists, { required: true }) ?? undefined,
    propertyMappings: body.relatedUuids("property_mappings", (pk) => state.scopeMappings.has(pk)),
    clientType: body.choice("client_type", CLIENT_TYPES),
    grantTypes: undefined as string[] | undefined,
    clientId: body.string("client_id", { maxLength: 255 }) ?? undefined,
    clientSecret: body.string("client_secret", { maxLength: 255, allowBlank: true }) ?? undefined,
    accessCodeValidity: duration(body, "access_code_validity"),
    accessTokenValidity: duration(body, "access_token_validity"),
    refreshTokenValidity: duration(body, "refresh_token_validity"),
    refreshTokenThreshold: duration(body, "refresh_token_threshold"),
    includeClaimsInIdToken: body.boolean("include_claims_in_id_token"),
    signingKey: body.relatedUuid("signing_key", (pk) => state.certificateKeyPairs.has(pk), { allowNull: true }),
    encryptionKey: body.relatedUuid("encryption_key", (pk) => state.certificateKeyPairs.has(pk), { allowNull: true }),
    redirectUris: readRedirectUris(body),
    logoutUri: body.string("logout_uri", { allowBlank: true }) ?? undefined,
    logoutMethod: body.choice("logout_method", LOGOUT_METHODS),
    subMode: body.choice("sub_mode", SUB_MODES),
    issuerMode: body.choice("issuer_mode", ISSUER_MODES),
  };
  const grants = body.list("grant_types");
  if (grants) {
    const bad = grants.find((grant) => !GRANT_TYPES.includes(grant as never));
    input.grantTypes = bad === undefined ? (grants as string[]) : body.fail("grant_types", MESSAGES.choice(bad));
  }
  if (input.clientId !== undefined && others.some((provider) => provider.clientId === input.clientId)) {
    input.clientId = body.fail("client_id", MESSAGES.uniqueModel("OAuth2/OpenID Provider", "Client ID"));
  }
  body.throwIfInvalid();
  return input;
}

type ProviderInput = Awaited<ReturnType<typeof readProvider>>;

function apply(provider: OAuth2ProviderRecord, input: ProviderInput): void {
  for (const [key, value] of Object.entries(input) as [keyof ProviderInput, unknown][]) {
    if (value !== undefined) (provider as unknown as Record<string, unknown>)[key] = value;
  }
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readProvider(request, state, undefined, false);
  const pk = state.newProviderPk();
  const provider: OAuth2ProviderRecord = {
    pk,
    name: input.name!,
    authenticationFlow: null,
    authorizationFlow: input.authorizationFlow!,
    invalidationFlow: input.invalidationFlow!,
    propertyMappings: [],
    clientType: "confidential",
    grantTypes: ["authorization_code", "refresh_token"],
    clientId: generateId(40),
    clientSecret: generateId(128),
    accessCodeValidity: "minutes=1",
    accessTokenValidity: "hours=1",
    refreshTokenValidity: "days=30",
    refreshTokenThreshold: "seconds=0",
    includeClaimsInIdToken: true,
    signingKey: null,
    encryptionKey: null,
    redirectUris: [],
    logoutUri: "",
    logoutMethod: "backchannel",
    subMode: "hashed_user_id",
    issuerMode: "per_provider",
    jwtFederationSources: [],
    jwtFederationProviders: [],
  };
  apply(provider, input);
  state.providers.set(pk, provider);
  state.events.model("model_created", providerRef(provider), eventUser(request.user), request.info);
  return { status: 201, body: serializeProvider(state, provider) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const provider = findProvider(state, request.params.id!);
  apply(provider, await readProvider(request, state, provider, partial));
  state.events.model("model_updated", providerRef(provider), eventUser(request.user), request.info);
  return { status: 200, body: serializeProvider(state, provider) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const provider = findProvider(state, request.params.id!);
  state.events.model("model_deleted", providerRef(provider), eventUser(request.user), request.info);
  state.deleteProvider(provider.pk);
  return { status: 204 };
}

/**
 * OAuth2ProviderViewSet.setup_urls: Authentik's own endpoint paths. Without an application the
 * application-bound URLs are null, as upstream (the schema declares them non-null).
 */
function setupUrls(request: ApiRequest, state: ApiState) {
  const provider = findProvider(state, request.params.id!);
  const base = `${request.origin}/application/o`;
  const slug = state.applicationOf(provider.pk)?.slug;
  const issuer = provider.issuerMode === "global" ? `${request.origin}/` : slug ? `${base}/${slug}/` : null;
  return {
    status: 200,
    body: {
      issuer,
      authorize: `${base}/authorize/`,
      token: `${base}/token/`,
      user_info: `${base}/userinfo/`,
      provider_info: slug ? `${base}/${slug}/.well-known/openid-configuration` : null,
      logout: slug ? `${base}/${slug}/end-session/` : null,
      jwks: slug ? `${base}/${slug}/jwks/` : null,
      dcr_registration: null,
    },
  };
}

export const providerRoutes: Route[] = [
  { method: "GET", path: "/providers/oauth2/", handler: list },
  { method: "POST", path: "/providers/oauth2/", handler: create },
  {
    method: "GET",
    path: "/providers/oauth2/{id}/",
    handler: (request, state) => ({ status: 200, body: serializeProvider(state, findProvider(state, request.params.id!)) }),
  },
  { method: "PUT", path: "/providers/oauth2/{id}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/providers/oauth2/{id}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/providers/oauth2/{id}/", handler: destroy },
  { method: "GET", path: "/providers/oauth2/{id}/setup_urls/", handler: setupUrls },
];
