import type { AdminConfigDto, AdminConfigOAuthDto, OAuthTokenEndpointAuthMethod } from "@immich/sdk";
import { OAUTH_DEFAULTS, SYSTEM_CONFIG_DEFAULTS } from "./system-config-defaults";

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

/** Immich's whole system config (`GET /api/system-config`): changed in place by PUT and by `configureOAuth`. */
export type FakeSystemConfig = AdminConfigDto;

/** A fresh copy of Immich's defaults (`GET /api/system-config/defaults`). */
export function defaultSystemConfig(): AdminConfigDto {
  return structuredClone(SYSTEM_CONFIG_DEFAULTS);
}

/** Puts a new config in place of the stored one, keeping the object every route holds. */
export function replaceSystemConfig(stored: FakeSystemConfig, next: AdminConfigDto): void {
  Object.assign(stored, structuredClone(next));
}

/** The `oauth` system config for the given options; `null` turns OAuth off. */
export function oauthConfigFrom(options: FakeImmichOAuthOptions | null): AdminConfigOAuthDto {
  if (!options) return { ...OAUTH_DEFAULTS };
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...OAUTH_DEFAULTS, autoRegister: false, ...defined, enabled: true };
}
