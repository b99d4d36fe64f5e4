import type { IncomingMessage } from "node:http";
import { Permission } from "@immich/sdk";
import { parseCookies } from "../authentik/http";
import { ImmichCookie } from "./cookies";
import { badRequest, forbidden, unauthorized } from "./errors";
import type { ImmichStore, StoredApiKey, StoredSession, StoredUser } from "./store";

/** Who made a request, as Immich's AuthDto: the user and the key or session used. */
export interface AuthContext {
  user: StoredUser;
  apiKey?: StoredApiKey;
  session?: StoredSession;
}

/** `@Authenticated({ permission, admin })`; an absent permission means `all`, `false` means none needed. */
export interface ProtectedRouteAuth {
  permission?: Permission | false;
  admin?: boolean;
}

/** `@Authenticated({ public: true, setup })`: no credentials; setup routes only while there is no admin. */
export interface PublicRouteAuth {
  public: true;
  setup?: boolean;
}

export const ACCESS_TOKEN_COOKIE = ImmichCookie.AccessToken;

/** server/src/utils/access.ts */
export function isGranted(requested: Permission[], current: Permission[]): boolean {
  if (current.includes(Permission.All)) return true;
  return requested.every((permission) => current.includes(permission));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

function bearerToken(req: IncomingMessage): string | undefined {
  const [type, token] = (req.headers.authorization ?? "").split(" ", 2);
  return type?.toLowerCase() === "bearer" ? token || undefined : undefined;
}

/**
 * AuthService.authenticate and validate (server/src/services/auth.service.ts). A session token
 * wins over an API key; the admin check comes before the permission check; a key's owner must
 * not be deleted.
 */
export function authenticate(req: IncomingMessage, query: URLSearchParams, store: ImmichStore, options: ProtectedRouteAuth): AuthContext {
  const auth = identify(req, query, store);
  if (options.admin && !auth.user.isAdmin) throw forbidden("Forbidden");
  const requested = options.permission ?? Permission.All;
  if (auth.apiKey && requested !== false && !isGranted([requested], auth.apiKey.permissions)) {
    throw forbidden(`Missing required permission: ${requested}`);
  }
  return auth;
}

function identify(req: IncomingMessage, query: URLSearchParams, store: ImmichStore): AuthContext {
  const sessionToken =
    header(req, "x-immich-user-token") ??
    header(req, "x-immich-session-token") ??
    (query.get("sessionKey") || undefined) ??
    bearerToken(req) ??
    (parseCookies(req)[ACCESS_TOKEN_COOKIE] || undefined);
  const apiKeySecret = header(req, "x-api-key") ?? (query.get("apiKey") || undefined);

  if (sessionToken) {
    const session = store.findSessionByToken(sessionToken);
    const user = session && store.getUser(session.userId);
    if (!session || !user) throw unauthorized("Invalid user token");
    return { user, session };
  }
  if (apiKeySecret) {
    const apiKey = store.findApiKeyBySecret(apiKeySecret);
    const user = apiKey && store.getUser(apiKey.userId);
    if (!apiKey || !user) throw unauthorized("Invalid API key");
    return { user, apiKey };
  }
  throw unauthorized("Authentication required");
}

/** BaseService.requireSetupAvailable, which the auth guard runs for setup routes before anything else. */
export function requireSetupAvailable(store: ImmichStore): void {
  if (store.hasAdmin()) throw badRequest("Admin setup is not available");
}
