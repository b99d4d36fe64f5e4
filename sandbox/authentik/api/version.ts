/** The Authentik release the fake plays: that of the `@goauthentik/api` client and its schema.yml. */
export const AUTHENTIK_VERSION = "2026.8.3";
