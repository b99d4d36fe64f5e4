import type { AdminConfigOAuthDto, LoginResponseDto, OAuthCallbackDto, OAuthConfigDto } from "@immich/sdk";
import { createUser } from "./accounts";
import { ImmichCookie, oauthFinishedCookies } from "./cookies";
import { badRequest, ConstraintViolation, ImmichHttpError } from "./errors";
import { mapLoginResponse } from "./mappers";
import { authorize, getProfileAndOAuthSid, type OAuthProfile } from "./oauth-client";
import type { ImmichStore, StoredUser } from "./store";

const GiB = 1024 ** 3;

/** AuthService.resolveRedirectUri: the mobile app's custom scheme may be swapped for an https URL. */
function resolveRedirectUri(oauth: AdminConfigOAuthDto, url: string): string {
  if (oauth.mobileOverrideEnabled && oauth.mobileRedirectUri) {
    return url.replace(/app\.immich:\/+oauth-callback/, () => oauth.mobileRedirectUri);
  }
  return url;
}

/** AuthService.authorize: the IdP URL to send the browser to, and the state and verifier to keep. */
export async function startOAuth(oauth: AdminConfigOAuthDto, dto: OAuthConfigDto) {
  if (!oauth.enabled) throw badRequest("OAuth is not enabled");
  return authorize(oauth, resolveRedirectUri(oauth, dto.redirectUri), dto.state, dto.codeChallenge);
}

export interface OAuthLogin {
  user: StoredUser;
  token: string;
  response: LoginResponseDto;
}

/**
 * AuthService.callback (server/src/services/auth.service.ts): exchange the code, then find the
 * Immich user (1) by `oauthId` = `sub`, (2) by e-mail, linking a user that has no `oauthId` yet,
 * (3) by registering one when auto-register is on. Lookups skip soft-deleted users. Every refusal
 * is the same 400 "OAuth authentication failed", so the answer does not tell which e-mails exist.
 */
export async function finishOAuth(
  store: ImmichStore,
  oauth: AdminConfigOAuthDto,
  dto: OAuthCallbackDto,
  cookies: Record<string, string>,
): Promise<OAuthLogin> {
  if (!oauth.enabled) throw badRequest("OAuth is not enabled");
  const expectedState = dto.state ?? cookies[ImmichCookie.OAuthState];
  if (!expectedState?.length) throw badRequest("OAuth state is missing");
  const codeVerifier = dto.codeVerifier ?? cookies[ImmichCookie.OAuthCodeVerifier];
  if (!codeVerifier?.length) throw badRequest("OAuth code verifier is missing");

  const { profile } = await getProfileAndOAuthSid(oauth, resolveRedirectUri(oauth, dto.url), expectedState, codeVerifier);
  const email = profile.email ? profile.email.trim().toLowerCase() : undefined;
  let user = store.findUserByOAuthId(profile.sub);

  if (!user && email) {
    const emailUser = store.findUserByEmail(email);
    if (emailUser) {
      // Immich logs "OAuth login conflict: email already linked to different account".
      if (emailUser.oauthId) throw badRequest("OAuth authentication failed");
      user = store.updateUser(emailUser.id, { oauthId: profile.sub, updatedAt: new Date() });
    }
  }

  if (!user) {
    // Immich logs "... User does not exist and auto registering is disabled. ...".
    if (!oauth.autoRegister) throw badRequest("OAuth authentication failed");
    if (!email) throw badRequest("OAuth profile does not have an email address");
    user = register(store, oauth, profile, email);
  }

  const { token } = store.createSession(user.id);
  return { user, token, response: mapLoginResponse(user, token) };
}

/** The auto-register branch of callback(): quota, storage label and role from claims, at creation only. */
function register(store: ImmichStore, oauth: AdminConfigOAuthDto, profile: OAuthProfile, email: string): StoredUser {
  const claim = <T>(key: string, fallback: T, isValid: (value: unknown) => boolean): T => {
    const value = profile[key];
    return isValid(value) ? (value as T) : fallback;
  };
  const storageLabel = claim<string>(oauth.storageLabelClaim, "", (value) => typeof value === "string");
  const storageQuota = claim<number | null>(oauth.storageQuotaClaim, oauth.defaultStorageQuota, (value) => Number(value) >= 0);
  const role = claim<string>(oauth.roleClaim, "user", (value) => typeof value === "string" && ["admin", "user"].includes(value));
  const fullName = `${profile.given_name || ""} ${profile.family_name || ""}`.trim();
  return createUser(store, {
    name: profile.name || fullName || profile.preferred_username || email,
    email,
    oauthId: profile.sub,
    quotaSizeInBytes: storageQuota === null ? null : Number(storageQuota) * GiB,
    storageLabel: storageLabel || null,
    isAdmin: role === "admin",
  });
}

/**
 * How a failed callback answers: the controller's `finally` clears the state and verifier cookies
 * whatever happened, and anything that is not an HTTP error is Immich's 500.
 */
export function oauthFailure(error: unknown): ImmichHttpError {
  const httpError = error instanceof ImmichHttpError ? error : new ImmichHttpError(500, "Internal server error");
  // getProfileAndOAuthSid logged its own failure; a constraint violation is an expected 500.
  const logged = error instanceof Error && error.message === "OAuth login failed";
  if (!(error instanceof ImmichHttpError || error instanceof ConstraintViolation || logged)) console.error("[fake-immich]", error);
  httpError.headers["set-cookie"] = oauthFinishedCookies();
  return httpError;
}
