/** An OIDC application the fake serves from start-up: `ApiState.addOidcApplication` makes its provider and application. */
export interface OidcApplication {
  /** Application slug: the issuer is `<base>/application/o/<slug>/`. */
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Strict authorization redirect URIs; custom schemes (`app.immich:///oauth-callback`) are fine. */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export const AUTH_FLOW_PATH = "/if/flow/default-authentication-flow/";

/** Where Authentik mounts its OAuth2 provider views (authentik/providers/oauth2/urls.py). */
export const OIDC_PREFIX = "/application/o";
