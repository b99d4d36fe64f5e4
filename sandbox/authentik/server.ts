import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Provider from "oidc-provider";
import type { FaultInjector } from "../faults";
import { Directory, type SeedUser, type SignInRequest } from "./directory";
import { applyFaults } from "./fault-hook";
import { readForm, parseCookies, sendHtml, sendJson } from "./http";
import { AUTH_FLOW_PATH, createOidcProvider, type OidcApplication } from "./oidc";
import { loginPage } from "./pages";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface FakeAuthentikOptions {
  port?: number;
  host?: string;
  applications: OidcApplication[];
  users?: SeedUser[];
  directory?: Directory;
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
}

export interface FakeAuthentik {
  url: string;
  issuer: (slug: string) => string;
  directory: Directory;
  close: () => Promise<void>;
}

const SESSION_COOKIE = "authentik_session";

/**
 * A fake Authentik on one loopback port, like the real one on one host:
 * OIDC under /application/o/<slug>/, flows under /if/flow/, API under /api/v3/.
 */
export async function startFakeAuthentik(options: FakeAuthentikOptions): Promise<FakeAuthentik> {
  const host = options.host ?? "127.0.0.1";
  const directory = options.directory ?? new Directory();
  if (options.users) directory.seed(options.users);
  const sessions = new Map<string, number>();
  const providers = new Map<string, { app: OidcApplication; provider: Provider; handler: ReturnType<Provider["callback"]> }>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("[fake-authentik]", error);
      if (!res.headersSent) sendJson(res, 500, { detail: "Internal server error" });
      else res.end();
    });
  });
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
  };

  for (const app of options.applications) {
    const provider = await createOidcProvider(baseUrl, app, directory);
    provider.on("end_session.success", (ctx) => {
      const id = ctx.cookies.get(SESSION_COOKIE);
      if (id) sessions.delete(id);
      ctx.cookies.set(SESSION_COOKIE, null);
    });
    providers.set(app.slug, { app, provider, handler: provider.callback() });
  }
  const extraRoutes = (options.routes ?? []).map((factory) => factory(context));

  async function handleLoginFlow(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const entry = providers.get(url.searchParams.get("app") ?? "");
    if (!entry) return sendHtml(res, 404, "Unknown application");
    const { provider, app } = entry;
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendHtml(
        res,
        400,
        loginPage({
          action: url.pathname + url.search,
          appName: app.name,
          error: "This sign-in has expired. Go back to the application and start again.",
        }),
      );
    }
    const signIn: SignInRequest = {
      path: url.pathname,
      method: req.method ?? "GET",
      userAgent: req.headers["user-agent"] ?? "",
      clientIp: req.socket.remoteAddress ?? null,
    };
    const finish = (pk: number, how: "password" | "session") => {
      const user = directory.getUser(pk)!;
      directory.recordLogin(user, how, signIn);
      return provider.interactionFinished(req, res, { login: { accountId: user.uid } }, { mergeWithLastSubmission: false });
    };
    if (details.prompt.name === "consent") {
      // Implicit consent: loadExistingGrant creates the grant.
      return provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
    }
    if (req.method === "GET") {
      const existing = context.sessionUser(req);
      if (existing !== undefined) return finish(existing, "session");
      return sendHtml(res, 200, loginPage({ action: url.pathname + url.search, appName: app.name }));
    }
    const form = await readForm(req);
    const identifier = form.get("uid_field") ?? "";
    const user = directory.findUserByLogin(identifier);
    if (!user || !user.isActive || !directory.checkPassword(user, form.get("password") ?? "")) {
      directory.recordLoginFailed(identifier, signIn);
      return sendHtml(
        res,
        200,
        loginPage({ action: url.pathname + url.search, appName: app.name, username: identifier, error: "Invalid password" }),
      );
    }
    context.startSession(res, user.pk);
    return finish(user.pk, "password");
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    if (await applyFaults(options.faults, req, res, url.pathname)) return;
    if (url.pathname === "/-/health/live/" || url.pathname === "/-/health/ready/") {
      res.writeHead(200).end();
      return;
    }
    if (url.pathname === AUTH_FLOW_PATH) return handleLoginFlow(req, res, url);
    const match = /^\/application\/o\/([^/]+)(\/.*)$/.exec(url.pathname);
    const entry = match ? providers.get(match[1]!) : undefined;
    if (match && entry) {
      const request = req as IncomingMessage & { originalUrl?: string };
      request.originalUrl = req.url;
      req.url = match[2]! + url.search;
      entry.handler(req, res);
      return;
    }
    for (const route of extraRoutes) {
      if (await route(req, res, url)) return;
    }
    sendJson(res, 404, { detail: "Not found." });
  }

  return {
    url: baseUrl,
    issuer: (slug) => `${baseUrl}/application/o/${slug}/`,
    directory,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
