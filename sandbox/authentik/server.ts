import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FaultInjector } from "../faults";
import { ApiState } from "./api/state";
import { Directory, type SeedUser } from "./directory";
import { applyFaults } from "./fault-hook";
import { parseCookies, sendJson } from "./http";
import { loginFlow } from "./login-flow";
import { AUTH_FLOW_PATH, OIDC_PREFIX, type OidcApplication } from "./oidc";
import { IssuerRegistry } from "./oidc/registry";
import { oidcRoutes } from "./oidc/routes";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface FakeAuthentikOptions {
  port?: number;
  host?: string;
  /** OIDC applications to have from the start; each gets a provider and an application in the state unless its slug exists. */
  applications?: OidcApplication[];
  users?: SeedUser[];
  directory?: Directory;
  /**
   * What the fake serves its OIDC issuers from: every application with an OAuth2 provider, as the
   * API changes them. When absent, the one the routes hand over (`authentikApiRoutes`), else a new one.
   */
  state?: ApiState;
  /** Extra routes (the API, enrollment flows); each returns true when it handled the request. */
  routes?: ((context: FakeAuthentikContext) => RouteHandler)[];
  /** Faults for any endpoint, OIDC included; also serves `/-/sandbox/faults`. */
  faults?: FaultInjector;
}

export interface FakeAuthentikContext {
  baseUrl: string;
  directory: Directory;
  /** Signs the browser into the fake Authentik's single sign-on session. */
  startSession: (res: ServerResponse, userPk: number) => void;
  sessionUser: (req: IncomingMessage) => number | undefined;
  /** The server's ApiState (made on first use when none was given or handed over). */
  state: () => ApiState;
  /** Hands the server the ApiState a route works on; a server has one. */
  useState: (state: ApiState) => void;
}

export interface FakeAuthentik {
  url: string;
  /** `<url>/application/o/<slug>/`, the issuer of an application (issuer mode per provider). */
  issuer: (slug: string) => string;
  directory: Directory;
  state: ApiState;
  close: () => Promise<void>;
}

const SESSION_COOKIE = "authentik_session";

/**
 * A fake Authentik on one loopback port, like the real one on one host:
 * OIDC under /application/o/, flows under /if/flow/, API under /api/v3/.
 */
export async function startFakeAuthentik(options: FakeAuthentikOptions): Promise<FakeAuthentik> {
  const host = options.host ?? "127.0.0.1";
  const directory = options.directory ?? options.state?.directory ?? new Directory();
  if (options.users) directory.seed(options.users);
  const sessions = new Map<string, number>();
  let state: ApiState | undefined;

  // The request listener is attached once the routes are built, which needs the bound port.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const baseUrl = `http://${host}:${(server.address() as AddressInfo).port}`;

  const context: FakeAuthentikContext = {
    baseUrl,
    directory,
    startSession(res, userPk) {
      const id = randomBytes(24).toString("base64url");
      sessions.set(id, userPk);
      res.appendHeader("set-cookie", `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
    },
    sessionUser(req) {
      const id = parseCookies(req)[SESSION_COOKIE];
      const pk = id ? sessions.get(id) : undefined;
      return pk !== undefined && directory.getUser(pk)?.isActive ? pk : undefined;
    },
    state: () => (state ??= new ApiState({ directory })),
    useState(given) {
      if (state && state !== given) throw new Error("startFakeAuthentik: the server and its routes must share one ApiState");
      if (given.directory !== directory) throw new Error("startFakeAuthentik: the ApiState's directory must be the server's");
      state = given;
    },
  };
  if (options.state) context.useState(options.state);
  const extraRoutes = (options.routes ?? []).map((factory) => factory(context));
  const apiState = context.state();
  for (const app of options.applications ?? []) apiState.addOidcApplication(app);

  const registry = new IssuerRegistry(apiState, {
    baseUrl,
    sessionUser: context.sessionUser,
    onEndSession(ctx) {
      const id = ctx.cookies.get(SESSION_COOKIE);
      if (id) sessions.delete(id);
      ctx.cookies.set(SESSION_COOKIE, null);
    },
  });
  const login = loginFlow({ state: apiState, registry, startSession: context.startSession, sessionUser: context.sessionUser });
  const oidc = oidcRoutes({ state: apiState, registry, baseUrl, sessionUser: context.sessionUser });

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (await applyFaults(options.faults, req, res, url.pathname)) return;
    if (url.pathname === "/-/health/live/" || url.pathname === "/-/health/ready/") {
      res.writeHead(200).end();
      return;
    }
    if (url.pathname === AUTH_FLOW_PATH) return login(req, res, url);
    if (url.pathname.startsWith(`${OIDC_PREFIX}/`) && (await oidc(req, res, url))) return;
    for (const route of extraRoutes) {
      if (await route(req, res, url)) return;
    }
    sendJson(res, 404, { detail: "Not found." });
  }
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, new URL(req.url ?? "/", baseUrl)).catch((error) => {
      console.error("[fake-authentik]", error);
      if (!res.headersSent) sendJson(res, 500, { detail: "Internal server error" });
      else res.end();
    });
  });

  return {
    url: baseUrl,
    issuer: (slug) => `${baseUrl}${OIDC_PREFIX}/${slug}/`,
    directory,
    state: apiState,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
