import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import type { KoaContextWithOIDC } from "oidc-provider";
import type { ApplicationRecord, OAuth2ProviderRecord, ScopeMappingRecord } from "../api/records";
import type { ApiState } from "../api/state";
import { OIDC_PREFIX } from "./application";
import { createIssuer } from "./issuer";

/**
 * `ScopeMapping.objects.filter(provider=provider).order_by("scope_name")`: only the provider's
 * mappings, by scope name, ties in creation (table) order.
 */
export function providerMappings(state: ApiState, provider: OAuth2ProviderRecord): ScopeMappingRecord[] {
  const assigned = new Set(provider.propertyMappings);
  return [...state.scopeMappings.values()]
    .filter((mapping) => assigned.has(mapping.pk))
    .sort((a, b) => a.scopeName.localeCompare(b.scopeName));
}

/** An application served as an OIDC issuer, with the oidc-provider instance built for its provider as it is now. */
export interface Issuer {
  application: ApplicationRecord;
  provider: OAuth2ProviderRecord;
  issuer: string;
  oidc: Provider;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface IssuerRegistryOptions {
  baseUrl: string;
  sessionUser: (req: IncomingMessage) => number | undefined;
  onEndSession: (ctx: KoaContextWithOIDC) => void;
}

/**
 * Every application of the ApiState whose provider is an OAuth2 provider, as an issuer. An
 * instance is cached under a fingerprint of what it was built from (application, provider,
 * signing key, scope mappings) and rebuilt when that changes, so API writes apply at once.
 * oidc-provider's in-memory store is shared by all instances, so codes, tokens and sessions
 * survive a rebuild; but an instance only finds the interactions and tokens it issued, so lookups
 * by uid or token ask each instance.
 */
export class IssuerRegistry {
  private cache = new Map<string, { fingerprint: string; issuer: Issuer }>();

  constructor(
    private readonly state: ApiState,
    private readonly options: IssuerRegistryOptions,
  ) {}

  all(): Issuer[] {
    const live = new Set<string>();
    const issuers: Issuer[] = [];
    for (const application of this.state.applications.values()) {
      const provider = application.providerPk === null ? undefined : this.state.providers.get(application.providerPk);
      if (!provider) continue;
      live.add(application.pk);
      issuers.push(this.build(application, provider));
    }
    for (const key of this.cache.keys()) if (!live.has(key)) this.cache.delete(key);
    return issuers;
  }

  bySlug(slug: string): Issuer | undefined {
    return this.all().find((issuer) => issuer.application.slug === slug);
  }

  byClientId(clientId: string): Issuer | undefined {
    return this.all().find((issuer) => issuer.provider.clientId === clientId);
  }

  /** The issuer of a live access token, as `AccessToken.objects.filter(token=...)` finds its provider. */
  async byAccessToken(token: string): Promise<Issuer | undefined> {
    for (const issuer of this.all()) {
      const found = await issuer.oidc.AccessToken.find(token);
      if (found?.clientId) return this.byClientId(found.clientId);
    }
    return undefined;
  }

  /**
   * The issuer an authorization request waiting on the login flow belongs to. Each instance is
   * asked in turn: an instance only finds the interactions it issued itself.
   */
  async byInteraction(uid: string): Promise<Issuer | undefined> {
    for (const issuer of this.all()) {
      const interaction = await issuer.oidc.Interaction.find(uid);
      const clientId = interaction?.params.client_id;
      if (typeof clientId === "string") return this.byClientId(clientId);
    }
    return undefined;
  }

  private build(application: ApplicationRecord, provider: OAuth2ProviderRecord): Issuer {
    const signingKey = provider.signingKey === null ? undefined : this.state.certificateKeyPairs.get(provider.signingKey);
    const scopes = providerMappings(this.state, provider);
    const fingerprint = JSON.stringify([application.slug, application.name, provider, signingKey, scopes]);
    const cached = this.cache.get(application.pk);
    if (cached?.fingerprint === fingerprint) return cached.issuer;
    const { baseUrl } = this.options;
    // OAuth2Provider.get_issuer
    const issuerUrl = provider.issuerMode === "global" ? `${baseUrl}/` : `${baseUrl}${OIDC_PREFIX}/${application.slug}/`;
    const oidc = createIssuer({
      baseUrl,
      issuer: issuerUrl,
      key: application.pk.replace(/-/g, ""),
      slug: application.slug,
      appName: application.name,
      provider,
      signingKey,
      scopes,
      application,
      directory: this.state.directory,
      events: this.state.events,
      sessionUser: this.options.sessionUser,
      onEndSession: this.options.onEndSession,
    });
    const issuer: Issuer = { application, provider, issuer: issuerUrl, oidc, handle: oidc.callback() };
    this.cache.set(application.pk, { fingerprint, issuer });
    return issuer;
  }
}
