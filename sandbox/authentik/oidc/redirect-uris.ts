import type { OAuth2ProviderRecord, RedirectUri } from "../api/records";

export function urisOfType(provider: OAuth2ProviderRecord, type: RedirectUri["redirect_uri_type"]): RedirectUri[] {
  return provider.redirectUris.filter((uri) => uri.redirect_uri_type === type);
}

/** OAuthAuthorizationParams.check_redirect_uri: `strict` compares the strings, `regex` must fullmatch. */
export function redirectUriMatches(allowed: RedirectUri[], uri: string): boolean {
  return allowed.some((entry) => {
    if (entry.matching_mode === "strict") return entry.url === uri;
    try {
      return new RegExp(`^(?:${entry.url})$`).test(uri);
    } catch {
      // Authentik logs the bad pattern and treats it as no match.
      return false;
    }
  });
}

/** oidc-provider only registers http(s) URIs for a web client; the others are checked by `redirectUriMatches` alone. */
export function isWebUri(url: string): boolean {
  return /^https?:\/\/[^/]/i.test(url);
}
