/**
 * Immich's cookies (ImmichCookie in server/src/enum.ts) with the options of respondWithCookie
 * (server/src/utils/response.ts): path /, SameSite Lax, 400 days, HttpOnly except
 * `immich_is_authenticated`, which the web app reads. The fake serves plain http, so never Secure.
 */
export const ImmichCookie = {
  AccessToken: "immich_access_token",
  AuthType: "immich_auth_type",
  IsAuthenticated: "immich_is_authenticated",
  OAuthState: "immich_oauth_state",
  OAuthCodeVerifier: "immich_oauth_code_verifier",
} as const;

export type AuthType = "password" | "oauth";

const MAX_AGE = 400 * 24 * 60 * 60;

function cookie(name: string, value: string, httpOnly = true): string {
  return `${name}=${encodeURIComponent(value)}; Max-Age=${MAX_AGE}; Path=/; SameSite=Lax${httpOnly ? "; HttpOnly" : ""}`;
}

/** Express's `res.clearCookie`. */
export function clearCookies(...names: string[]): string[] {
  return names.map((name) => `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT`);
}

/** What a login (password or OAuth) sets. */
export function loginCookies(token: string, authType: AuthType): string[] {
  return [
    cookie(ImmichCookie.AccessToken, token),
    cookie(ImmichCookie.AuthType, authType),
    cookie(ImmichCookie.IsAuthenticated, "true", false),
  ];
}

export const logoutCookies = (): string[] => clearCookies(ImmichCookie.AccessToken, ImmichCookie.AuthType, ImmichCookie.IsAuthenticated);

/** What `POST /api/oauth/authorize` sets; without a verifier (the client sent its own challenge) only the state. */
export function oauthStartCookies(state: string, codeVerifier: string | null): string[] {
  const cookies = [cookie(ImmichCookie.OAuthState, state)];
  if (codeVerifier) cookies.push(cookie(ImmichCookie.OAuthCodeVerifier, codeVerifier));
  return cookies;
}

/** `finishOAuth` clears the state and verifier whatever happens. */
export const oauthFinishedCookies = (): string[] => clearCookies(ImmichCookie.OAuthState, ImmichCookie.OAuthCodeVerifier);
