import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DirectoryUser } from "../directory";
import { readBody } from "../http";
import { authenticate } from "./auth";
import { ApiError } from "./errors";
import type { RequestInfo } from "./event-log";
import type { ApiState } from "./state";

export const API_PREFIX = "/api/v3";

export interface ApiRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Scheme and host as the client addressed us (Django's `build_absolute_uri`). */
  origin: string;
  /** The token's owner (on public routes too, where no token is asked for). */
  user: DirectoryUser;
  info: RequestInfo;
  body: () => Promise<unknown>;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path under /api/v3 with `{param}` placeholders, trailing slash included, as in schema.yml. */
  path: string;
  handler: (request: ApiRequest, state: ApiState) => Promise<ApiResponse> | ApiResponse;
  /** Served without a token (AllowAny upstream). */
  public?: boolean;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  // DRF's default lookup_value_regex is `[^/.]+`.
  const pattern = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/.]+)";
  });
  return { ...route, regex: new RegExp(`^${pattern}$`), names };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") return {};
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
  if (type !== "application/json") throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, { detail: `JSON parse error - ${(error as Error).message}` });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json", vary: "Accept, Cookie" });
  res.end(JSON.stringify(body));
}

/** Dispatches `/api/v3/...` requests; returns false for other paths. */
export function createDispatcher(routes: Route[], state: ApiState, token: string) {
  const compiled = routes.map(compile);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) return false;
    const path = url.pathname.slice(API_PREFIX.length) || "/";
    const method = (req.method ?? "GET").toUpperCase();
    const matches = compiled.map((route) => ({ route, match: route.regex.exec(path) })).filter((entry) => entry.match);
    try {
      if (matches.length === 0) throw new ApiError(404, { detail: "Not found." });
      // Literal routes (`/core/users/me/`) win over templated ones, as in Django's URL order.
      const candidates = matches.filter((entry) => entry.route.method === method || (method === "HEAD" && entry.route.method === "GET"));
      candidates.sort((a, b) => a.route.names.length - b.route.names.length);
      const chosen = candidates[0];
      const isPublic = chosen ? chosen.route.public === true : matches.some((entry) => entry.route.public);
      // DRF authenticates before it looks for the method handler, so a 405 needs a token too.
      const user = isPublic ? state.tokenUser : authenticate(req, token, state);
      if (!chosen) throw new ApiError(405, { detail: `Method "${method}" not allowed.` });
      const params = Object.fromEntries(chosen.route.names.map((name, index) => [name, decodeURIComponent(chosen.match![index + 1]!)]));
      const forwardedProto = req.headers["x-forwarded-proto"];
      const origin = `${typeof forwardedProto === "string" ? forwardedProto : "http"}://${req.headers.host ?? url.host}`;
      const info: RequestInfo = {
        path: url.pathname,
        method,
        args: Object.fromEntries(url.searchParams),
        userAgent: req.headers["user-agent"] ?? "",
        clientIp: req.socket.remoteAddress ?? null,
        requestId: randomUUID().replace(/-/g, ""),
      };
      let parsed: Promise<unknown> | undefined;
      const request: ApiRequest = {
        method,
        url,
        params,
        query: url.searchParams,
        origin,
        user,
        info,
        body: () => (parsed ??= readJson(req)),
      };
      const response = await chosen.route.handler(request, state);
      send(res, response.status, response.body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      send(res, error.status, error.body);
    }
    return true;
  };
}
