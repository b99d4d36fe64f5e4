import {
  ClientTypeEnum,
  KeyTypeEnum,
  MatchingModeEnum,
  PolicyEngineMode,
  SubModeEnum,
  type Application,
  type OAuth2Provider,
  type OAuth2ProviderRequest,
} from "@goauthentik/api";
import { retryRead } from "@/lib/integrations/retry";
import type { OAuthClientSpec, OAuthClientState } from "../port";
import { callAuthentik, type AuthentikApis } from "./client";
import { ensureSharedAccountMappings, providerMappings, sharedAccountsKeyOf } from "./shared-accounts";
import { isNotFound } from "./users";

/** The key pair Castello signs its clients' ID tokens with; generated once when missing. */
export const SIGNING_KEY_NAME = "castello-oidc-signing";
const AUTHORIZATION_FLOW = "default-provider-authorization-implicit-consent";
const INVALIDATION_FLOW = "default-provider-invalidation-flow";

/** The provider of a client is named after its slug: Authentik's provider names are unique. */
export function providerName(slug: string): string {
  return `castello-${slug}`;
}

export function issuerUrl(baseUrl: string, slug: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/application/o/${slug}/`;
}

async function flowPk(apis: AuthentikApis, slug: string): Promise<string> {
  return (await retryRead(() => callAuthentik(() => apis.flows.flowsInstancesRetrieve({ slug })))).pk;
}

async function signingKeyPk(apis: AuthentikApis): Promise<string> {
  const page = await retryRead(() =>
    callAuthentik(() => apis.crypto.cryptoCertificatekeypairsList({ name: SIGNING_KEY_NAME, hasKey: true })),
  );
  const existing = page.results.find((pair) => pair.name === SIGNING_KEY_NAME);
  if (existing) return existing.pk;
  const created = await callAuthentik(() =>
    apis.crypto.cryptoCertificatekeypairsGenerateCreate({
      certificateGenerationRequest: { commonName: SIGNING_KEY_NAME, validityDays: 3650, alg: "rsa" },
    }),
  );
  return created.pk;
}

async function findProvider(apis: AuthentikApis, slug: string): Promise<OAuth2Provider | undefined> {
  const name = providerName(slug);
  const page = await retryRead(() => callAuthentik(() => apis.providers.providersOauth2List({ name })));
  return page.results.find((provider) => provider.name === name);
}

async function findApplication(apis: AuthentikApis, slug: string): Promise<Application | undefined> {
  try {
    return await retryRead(() => callAuthentik(() => apis.core.coreApplicationsRetrieve({ slug })));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function boundGroups(apis: AuthentikApis, applicationPk: string): Promise<{ pk: string; group: string | null | undefined }[]> {
  const page = await retryRead(() => callAuthentik(() => apis.policies.policiesBindingsList({ target: applicationPk, pageSize: 100 })));
  return page.results.map((binding) => ({ pk: binding.pk, group: binding.group }));
}

async function signingAlgorithm(apis: AuthentikApis, provider: OAuth2Provider): Promise<string> {
  if (!provider.signingKey) return "HS256";
  const pair = await retryRead(() => callAuthentik(() => apis.crypto.cryptoCertificatekeypairsRetrieve({ kpUuid: provider.signingKey! })));
  return pair.keyType === KeyTypeEnum.Ec ? "ES256" : "RS256";
}

async function stateOf(
  apis: AuthentikApis,
  baseUrl: string,
  slug: string,
  provider: OAuth2Provider,
  application: Application | undefined,
): Promise<OAuthClientState> {
  const [mappings, algorithm, bindings] = await Promise.all([
    providerMappings(apis, provider.propertyMappings ?? []),
    signingAlgorithm(apis, provider),
    application ? boundGroups(apis, application.pk) : Promise.resolve([]),
  ]);
  return {
    providerId: String(provider.pk),
    clientId: provider.clientId ?? "",
    clientSecret: provider.clientSecret ?? "",
    confidential: provider.clientType === ClientTypeEnum.Confidential,
    redirectUris: provider.redirectUris.map((uri) => ({ url: uri.url, strict: uri.matchingMode === MatchingModeEnum.Strict })),
    signingAlgorithm: algorithm,
    scopes: mappings.map((mapping) => mapping.scopeName),
    sharedAccountsKey: sharedAccountsKeyOf(mappings),
    issuerUrl: issuerUrl(baseUrl, slug),
    application:
      application && application.provider === provider.pk
        ? {
            slug: application.slug,
            name: application.name,
            launchUrl: application.metaLaunchUrl || null,
            allowedGroupIds: bindings.flatMap((binding) => (binding.group ? [binding.group] : [])),
          }
        : null,
  };
}

export async function inspectOAuthClient(apis: AuthentikApis, baseUrl: string, slug: string): Promise<OAuthClientState | undefined> {
  const [provider, application] = await Promise.all([findProvider(apis, slug), findApplication(apis, slug)]);
  if (!provider) return undefined;
  return stateOf(apis, baseUrl, slug, provider, application);
}

async function providerRequest(apis: AuthentikApis, spec: OAuthClientSpec): Promise<OAuth2ProviderRequest> {
  const [authorizationFlow, invalidationFlow, signingKey, propertyMappings] = await Promise.all([
    flowPk(apis, AUTHORIZATION_FLOW),
    flowPk(apis, INVALIDATION_FLOW),
    signingKeyPk(apis),
    ensureSharedAccountMappings(apis, spec.slug, spec.sharedAccountsKey, spec.scopes),
  ]);
  return {
    name: providerName(spec.slug),
    authorizationFlow,
    invalidationFlow,
    clientType: ClientTypeEnum.Confidential,
    clientId: spec.clientId,
    clientSecret: spec.clientSecret,
    redirectUris: spec.redirectUris.map((url) => ({ url, matchingMode: MatchingModeEnum.Strict })),
    signingKey,
    propertyMappings,
    subMode: SubModeEnum.HashedUserId,
    includeClaimsInIdToken: true,
  };
}

/**
 * Brings the provider, the application and its group binding to the spec, creating what is
 * missing; run again, it changes nothing. Bindings to other groups are removed: only the
 * tenant's group may sign in.
 */
export async function ensureOAuthClient(apis: AuthentikApis, baseUrl: string, spec: OAuthClientSpec): Promise<OAuthClientState> {
  const oAuth2ProviderRequest = await providerRequest(apis, spec);
  const existing = await findProvider(apis, spec.slug);
  const provider = existing
    ? await callAuthentik(() => apis.providers.providersOauth2Update({ id: existing.pk, oAuth2ProviderRequest }))
    : await callAuthentik(() => apis.providers.providersOauth2Create({ oAuth2ProviderRequest }));
  const applicationRequest = {
    name: spec.name,
    slug: spec.slug,
    provider: provider.pk,
    metaLaunchUrl: spec.launchUrl,
    policyEngineMode: PolicyEngineMode.Any,
  };
  const current = await findApplication(apis, spec.slug);
  const application = current
    ? await callAuthentik(() => apis.core.coreApplicationsUpdate({ slug: spec.slug, applicationRequest }))
    : await callAuthentik(() => apis.core.coreApplicationsCreate({ applicationRequest }));
  const bindings = await boundGroups(apis, application.pk);
  for (const binding of bindings.filter((candidate) => candidate.group && candidate.group !== spec.allowedGroupId)) {
    await callAuthentik(() => apis.policies.policiesBindingsDestroy({ policyBindingUuid: binding.pk }));
  }
  if (!bindings.some((binding) => binding.group === spec.allowedGroupId)) {
    await callAuthentik(() =>
      apis.policies.policiesBindingsCreate({
        policyBindingRequest: { target: application.pk, group: spec.allowedGroupId, order: 0, enabled: true, negate: false, timeout: 30 },
      }),
    );
  }
  return stateOf(apis, baseUrl, spec.slug, provider, application);
}
