import { OAuthTokenEndpointAuthMethod, type AdminConfigOAuthDto } from "@immich/sdk";

/**
 * The OAuth settings a test or the sandbox gives the fake, with the names of Immich's system
 * config (`oauth.*` in server/src/config.ts). Anything left out takes Immich's default, except
 * `autoRegister`, which is off unless asked for.
 */
export interface FakeImmichOAuthOptions {
  /** The IdP's issuer; for Authentik `<url>/application/o/<slug>/`. */
  issuerUrl: string;
  clientId: string;
  clientSecret?: string;
  /** Default "Login with OAuth". */
  buttonText?: string;
  /** Create an Immich user on a first login that matches none. Default false (Immich's default is true). */
  autoRegister?: boolean;
  /** Send /auth/login straight to the IdP, as `?autoLaunch=1` does. Default false. */
  autoLaunch?: boolean;
  /** Quota in GiB for auto-registered users; null (the default) is unlimited. */
  defaultStorageQuota?: number | null;
  /** Immich refuses a plain-http issuer unless this is true. Default false. */
  allowInsecureRequests?: boolean;
  /** Default `client_secret_post`, as Immich. */
  tokenEndpointAuthMethod?: OAuthTokenEndpointAuthMethod;
  scope?: string;
  prompt?: string;
  signingAlgorithm?: string;
  profileSigningAlgorithm?: string;
  storageLabelClaim?: string;
  storageQuotaClaim?: string;
  roleClaim?: string;
  mobileOverrideEnabled?: boolean;
  mobileRedirectUri?: string;
  /** Milliseconds, as Immich's setting. */
  timeout?: number;
}

/** The part of Immich's system config the fake reads; changed in place by `configureOAuth`. */
export interface FakeSystemConfig {
  oauth: AdminConfigOAuthDto;
}

/** Immich's defaults for `oauth` (server/src/config.ts), OAuth off. */
const OAUTH_DEFAULTS: AdminConfigOAuthDto = {
  accountManagementUrl: "",
  allowInsecureRequests: false,
  autoLaunch: false,
  autoRegister: true,
  buttonText: "Login with OAuth",
  clientId: "",
  clientSecret: "",
  defaultStorageQuota: null,
  enabled: false,
  endSessionEndpoint: "",
  issuerUrl: "",
  mobileOverrideEnabled: false,
  mobileRedirectUri: "",
  profileSigningAlgorithm: "none",
  prompt: "",
  roleClaim: "immich_role",
  scope: "openid email profile",
  signingAlgorithm: "RS256",
  storageLabelClaim: "preferred_username",
  storageQuotaClaim: "immich_quota",
  timeout: 30_000,
  tokenEndpointAuthMethod: OAuthTokenEndpointAuthMethod.ClientSecretPost,
};

/** The `oauth` system config for the given options; `null` turns OAuth off. */
export function oauthConfigFrom(options: FakeImmichOAuthOptions | null): AdminConfigOAuthDto {
  if (!options) return { ...OAUTH_DEFAULTS };
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...OAUTH_DEFAULTS, autoRegister: false, ...defined, enabled: true };
}
