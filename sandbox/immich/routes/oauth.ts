import type { OAuthAuthorizeResponseDto } from "@immich/sdk";
import { parseCookies } from "../../authentik/http";
import { loginCookies, oauthFinishedCookies, oauthStartCookies } from "../cookies";
import { finishOAuth, oauthFailure, startOAuth } from "../oauth-login";
import { created, publicRoute, type Route } from "../router";
import { OAuthCallbackSchema, OAuthConfigSchema, parse } from "../schemas";

/**
 * /api/oauth: server/src/controllers/oauth.controller.ts (authorize and callback; both public,
 * both answer 201 as Nest's POST default). The state and PKCE verifier travel in cookies unless
 * the client (the mobile app) sends its own.
 */
export const oauthRoutes: Route[] = [
  publicRoute("POST", "/api/oauth/authorize", async ({ body, config }) => {
    const dto = parse(OAuthConfigSchema, body);
    const { url, state, codeVerifier } = await startOAuth(config.oauth, dto);
    const answer: OAuthAuthorizeResponseDto = { url };
    return { ...created(answer), headers: { "set-cookie": oauthStartCookies(state, codeVerifier) } };
  }),

  publicRoute("POST", "/api/oauth/callback", async ({ req, body, store, config }) => {
    const dto = parse(OAuthCallbackSchema, body);
    try {
      const { token, response } = await finishOAuth(store, config.oauth, dto, parseCookies(req));
      return { ...created(response), headers: { "set-cookie": [...loginCookies(token, "oauth"), ...oauthFinishedCookies()] } };
    } catch (error) {
      throw oauthFailure(error);
    }
  }),
];
