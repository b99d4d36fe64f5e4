import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../authentik/http";
import { authenticate, requireSetupAvailable, type AuthContext, type ProtectedRouteAuth, type PublicRouteAuth } from "./auth";
import { routeNotFound } from "./errors";
import { isMultipart, readJson, sendError } from "./http";
import type { ImmichStore } from "./store";
import type { FakeSystemConfig } from "./system-config";

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: Record<string, string>;
  /** The parsed JSON body (`{}` when there was none, or for multipart, which the route reads itself from `req`). */
  body: unknown;
  store: ImmichStore;
  /** The live system config: `PUT /api/system-config` and `configureOAuth` change it after start. */
  config: FakeSystemConfig;
}

/** What every route can reach besides the request. */
export type RouteServices = Pick<RouteContext, "store" | "config">;

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

type Handler<A> = (context: RouteContext, auth: A) => RouteResult | Promise<RouteResult>;

export type Route =
  | { kind: "public"; method: string; path: string; auth: PublicRouteAuth; handle: Handler<undefined> }
  | { kind: "protected"; method: string; path: string; auth: ProtectedRouteAuth; handle: Handler<AuthContext> };

export function publicRoute(method: string, path: string, handle: Handler<undefined>, options: { setup?: boolean } = {}): Route {
  return { kind: "public", method, path, auth: { public: true, ...options }, handle };
}

export function protectedRoute(method: string, path: string, auth: ProtectedRouteAuth, handle: Handler<AuthContext>): Route {
  return { kind: "protected", method, path, auth, handle };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });

function match(route: Route, method: string, pathname: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const expected = route.path.split("/");
  const actual = pathname.split("/");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index]!;
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return undefined;
  }
  return params;
}

/**
 * Nest's order of work: body parsing, routing (first match wins, so `/api-keys/me` is listed
 * before `/api-keys/:id`), the auth guard, then the handler, which validates params and body.
 */
export async function dispatch(
  routes: Route[],
  services: RouteServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const { store } = services;
  try {
    const method = req.method ?? "GET";
    // Multipart is left unread, as multer only runs in the upload route's interceptor (after the guard).
    const body = isMultipart(req) ? {} : await readJson(req);
    for (const route of routes) {
      const params = match(route, method, url.pathname);
      if (!params) continue;
      const context: RouteContext = { req, url, params, body, ...services };
      let result: RouteResult;
      if (route.kind === "public") {
        if (route.auth.setup) requireSetupAvailable(store);
        result = await route.handle(context, undefined);
      } else {
        result = await route.handle(context, authenticate(req, url.searchParams, store, route.auth));
      }
      for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
      sendJson(res, result.status, result.body);
      return;
    }
    throw routeNotFound(method, url.pathname + url.search);
  } catch (error) {
    sendError(res, error);
  }
}
