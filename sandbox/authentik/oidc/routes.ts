import type { IncomingMessage, ServerResponse } from "node:http";
import { userCanAccess } from "../api/policy-engine";
import type { ApiState } from "../api/state";
import { sendHtml, sendJson } from "../http";
import { OIDC_PREFIX } from "./application";
import { errorPage, permissionDeniedPage } from "../pages";
import { discoveryDocument, jwksDocument } from "./documents";
import { redirectUriMatches, urisOfType } from "./redirect-uris";
import type { Issuer, IssuerRegistry } from "./registry";
import { readRaw, replay } from "./replay";

type Request = IncomingMessage & { originalUrl?: string };

/** authentik.common.oauth.errors: RedirectUriError, ClientIdError, TokenError("invalid_client"), BearerTokenError("invalid_token"). */
const ERRORS = {
  redirectUri: {
    title: "Redirect URI Error",
    description: "The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).",
  },
  clientId: { title: "Client ID Error", description: "The client identifier (client_id) is missing or invalid." },
  invalidClient:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)",
  invalidToken: "The access token provided is expired, revoked, malformed, or invalid for other reasons",
};

export interface OidcRouteOptions {
  state: ApiState;
  registry: IssuerRegistry;
  baseUrl: string;
  sessionUser: (req: IncomingMessage) => number | undefined;
}

/** Hands the request to the issuer's oidc-provider, mounted at /application/o. */
function pass(issuer: Issuer, req: Request, res: ServerResponse, path: string, search: string): void {
  req.originalUrl = `${OIDC_PREFIX}${path}${search}`;
  req.url = `${path}${search}`;
  issuer.handle(req, res);
}

/** extract_client_auth: HTTP Basic (not URL-decoded), else `client_id` in the form. */
function clientIdOf(req: IncomingMessage, form: URLSearchParams): string {
  const header = req.headers.authorization ?? "";
  if (/^Basic\s{1}.+$/.test(header)) {
    const decoded = Buffer.from(header.split(/\s/)[1]!, "base64").toString("utf8");
    return decoded.split(":")[0] ?? "";
  }
  return form.get("client_id") ?? "";
}

function sendTokenJson(res: ServerResponse, status: number, body: unknown): void {
  res.setHeader("cache-control", "no-store");
  res.setHeader("pragma", "no-cache");
  sendJson(res, status, body);
}

/**
 * Authentik's OAuth2 endpoints: the shared authorize/, token/, userinfo/, revoke/ and
 * introspect/ (dispatched to the provider by client, client authentication or access token) and
 * per application <slug>/ (→ discovery), <slug>/.well-known/openid-configuration, <slug>/jwks/
 * and <slug>/end-session/. Returns false for paths it does not serve.
 */
export function oidcRoutes(options: OidcRouteOptions) {
  const { state, registry } = options;

  async function authorize(req: Request, res: ServerResponse, url: URL, rest: string): Promise<void> {
    if (rest !== "/authorize/") {
      // oidc-provider's resume step after the login flow: /authorize//<interaction uid>
      const issuer = await registry.byInteraction(rest.slice("/authorize/".length).replace(/^\/+|\/+$/g, ""));
      if (!issuer)
        return sendHtml(res, 400, errorPage("Bad Request", "This sign-in has expired. Go back to the application and start again."));
      return pass(issuer, req, res, rest, url.search);
    }
    const body = req.method === "POST" ? await readRaw(req) : Buffer.alloc(0);
    const params = req.method === "POST" ? new URLSearchParams(body.toString("utf8")) : url.searchParams;
    // pre_permission_check: a bare GET is a 404.
    if ([...params.keys()].length === 0) return sendJson(res, 404, { detail: "Not found." });
    const clientId = params.get("client_id") ?? "";
    const provider = [...state.providers.values()].find((candidate) => candidate.clientId === clientId);
    if (!provider) return sendHtml(res, 400, errorPage(ERRORS.clientId.title, ERRORS.clientId.description));
    const redirectUri = params.get("redirect_uri") ?? "";
    if (!redirectUri) return sendHtml(res, 400, errorPage(ERRORS.redirectUri.title, ERRORS.redirectUri.description));
    // A provider without redirect URIs takes the first one used (check_redirect_uri).
    if (urisOfType(provider, "authorization").length === 0)
      provider.redirectUris.push({ matching_mode: "strict", url: redirectUri, redirect_uri_type: "authorization" });
    if (!redirectUriMatches(urisOfType(provider, "authorization"), redirectUri)) {
      return sendHtml(res, 400, errorPage(ERRORS.redirectUri.title, ERRORS.redirectUri.description));
    }
    // resolve_provider_application: a provider no application uses is refused like a denied user.
    const issuer = registry.byClientId(clientId);
    if (!issuer) return sendHtml(res, 200, permissionDeniedPage());
    // PolicyAccessView: a signed-in user is checked now; a signed-out one after the login flow.
    const pk = options.sessionUser(req);
    const user = pk === undefined ? undefined : state.directory.getUser(pk);
    if (user && !userCanAccess(state, issuer.application, user)) return sendHtml(res, 200, permissionDeniedPage());
    if (req.method === "POST") return pass(issuer, replay(req, body), res, rest, url.search);
    pass(issuer, req, res, rest, url.search);
  }

  /** token/, revoke/ and introspect/: the provider is the client that authenticates. */
  async function clientEndpoint(req: Request, res: ServerResponse, url: URL, rest: string): Promise<void> {
    const body = await readRaw(req);
    const issuer = registry.byClientId(clientIdOf(req, new URLSearchParams(body.toString("utf8"))));
    if (!issuer) {
      if (rest === "/introspect/") return sendTokenJson(res, 200, { active: false });
      return sendTokenJson(res, rest === "/revoke/" ? 401 : 400, { error: "invalid_client", error_description: ERRORS.invalidClient });
    }
    pass(issuer, replay(req, body), res, rest, url.search);
  }

  /** protected_resource_view: the token from the header, the form or the query; its provider answers. */
  async function userinfo(req: Request, res: ServerResponse, url: URL, rest: string): Promise<void> {
    const header = req.headers.authorization ?? "";
    const body = req.method === "POST" ? await readRaw(req) : Buffer.alloc(0);
    const token = /^[Bb]earer\s{1}.+$/.test(header)
      ? header.split(/\s+/)[1]
      : (new URLSearchParams(body.toString("utf8")).get("access_token") ?? url.searchParams.get("access_token") ?? undefined);
    const issuer = token ? await registry.byAccessToken(token) : undefined;
    if (!issuer) {
      // Authentik answers an empty body and a challenge without a scheme.
      res.writeHead(401, { "www-authenticate": `error="invalid_token", error_description="${ERRORS.invalidToken}"` }).end();
      return;
    }
    const request = replay(req, Buffer.alloc(0), { method: "GET", headers: { authorization: `Bearer ${token}` } });
    pass(issuer, request, res, rest, "");
  }

  return async (req: Request, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith(`${OIDC_PREFIX}/`)) return false;
    const rest = url.pathname.slice(OIDC_PREFIX.length);
    if (rest.startsWith("/authorize/")) await authorize(req, res, url, rest);
    else if (rest === "/token/" || rest === "/revoke/" || rest === "/introspect/") await clientEndpoint(req, res, url, rest);
    else if (rest === "/userinfo/") await userinfo(req, res, url, rest);
    else {
      const match = /^\/([-a-zA-Z0-9_]+)\/(.*)$/.exec(rest);
      if (!match) return false;
      const [, slug, tail] = match as unknown as [string, string, string];
      if (tail === "") {
        res.writeHead(302, { location: `${OIDC_PREFIX}/${slug}/.well-known/openid-configuration` }).end();
        return true;
      }
      const issuer = registry.bySlug(slug);
      if (!issuer) return false;
      if (tail === ".well-known/openid-configuration") sendJson(res, 200, discoveryDocument(state, options.baseUrl, issuer));
      else if (tail === "jwks/") {
        res.setHeader("access-control-allow-origin", "*");
        sendJson(res, 200, jwksDocument(state, issuer));
      } else if (tail.startsWith("end-session/")) pass(issuer, req, res, rest, url.search);
      else return false;
    }
    return true;
  };
}
