import { OAuthTokenEndpointAuthMethod, type AdminConfigOAuthDto } from "@immich/sdk";
import {
  allowInsecureRequests,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  ClientSecretBasic,
  ClientSecretPost,
  discovery,
  fetchUserInfo,
  None,
  randomPKCECodeVerifier,
  randomState,
  skipSubjectCheck,
  type ClientAuth,
  type Configuration,
  type UserInfoResponse,
} from "openid-client";
import { ImmichHttpError } from "./errors";

/** What Immich reads from the IdP: ID token claims when they carry `email`, else userinfo. */
export type OAuthProfile = UserInfoResponse;

/**
 * Immich's OAuthRepository (server/src/repositories/oauth.repository.ts) on openid-client, as
 * Immich itself: discovery on every call, state and PKCE (no nonce), `allowInsecureRequests`
 * the only way to use a plain-http issuer.
 */
export async function authorize(config: AdminConfigOAuthDto, redirectUrl: string, state = randomState(), codeChallenge?: string) {
  const client = await getClient(config);
  let codeVerifier: string | null = null;
  if (!codeChallenge) {
    codeVerifier = randomPKCECodeVerifier();
    codeChallenge = await calculatePKCECodeChallenge(codeVerifier);
  }
  const params: Record<string, string> = { redirect_uri: redirectUrl, scope: config.scope, state };
  if (config.prompt) params.prompt = config.prompt;
  if (client.serverMetadata().supportsPKCE()) {
    params.code_challenge = codeChallenge;
    params.code_challenge_method = "S256";
  }
  return { url: buildAuthorizationUrl(client, params).toString(), state, codeVerifier };
}

export async function getProfileAndOAuthSid(
  config: AdminConfigOAuthDto,
  url: string,
  expectedState: string,
  codeVerifier: string,
): Promise<{ profile: OAuthProfile; sid?: string; idToken?: string }> {
  const client = await getClient(config);
  const pkceCodeVerifier = client.serverMetadata().supportsPKCE() ? codeVerifier : undefined;
  try {
    const tokens = await authorizationCodeGrant(client, new URL(url), { expectedState, pkceCodeVerifier });
    const claims = tokens.claims();
    const profile =
      claims && "email" in claims ? (claims as OAuthProfile) : await fetchUserInfo(client, tokens.access_token, skipSubjectCheck);
    if (!profile.sub) throw new Error("Unexpected profile response, no `sub`");
    const sid = typeof claims?.sid === "string" ? claims.sid : undefined;
    return { profile, sid, idToken: tokens.id_token };
  } catch (error) {
    // Immich logs the cause and throws a plain Error, which its exception filter answers as a 500.
    console.error(`[fake-immich] OAuth login failed: ${(error as Error).message}`);
    throw new Error("OAuth login failed", { cause: error });
  }
}

async function getClient(config: AdminConfigOAuthDto): Promise<Configuration> {
  try {
    return await discovery(
      new URL(config.issuerUrl),
      config.clientId,
      {
        client_secret: config.clientSecret,
        response_types: ["code"],
        userinfo_signed_response_alg: config.profileSigningAlgorithm === "none" ? undefined : config.profileSigningAlgorithm,
        id_token_signed_response_alg: config.signingAlgorithm,
      },
      tokenAuthMethod(config),
      // Immich's timeout is in milliseconds, openid-client's in seconds.
      { execute: config.allowInsecureRequests ? [allowInsecureRequests] : [], timeout: Math.ceil(config.timeout / 1000) },
    );
  } catch (error) {
    // InternalServerErrorException(`Error in OAuth discovery: ${error}`)
    throw new ImmichHttpError(500, `Error in OAuth discovery: ${String(error)}`);
  }
}

function tokenAuthMethod({ clientSecret, tokenEndpointAuthMethod }: AdminConfigOAuthDto): ClientAuth {
  if (!clientSecret) return None();
  if (tokenEndpointAuthMethod === OAuthTokenEndpointAuthMethod.ClientSecretBasic) return ClientSecretBasic(clientSecret);
  if (tokenEndpointAuthMethod === OAuthTokenEndpointAuthMethod.ClientSecretPost) return ClientSecretPost(clientSecret);
  return None();
}
