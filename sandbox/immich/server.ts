import type { IncomingMessage, ServerResponse } from "node:http";
import { Permission } from "@immich/sdk";
import { readBody } from "../authentik/http";
import { FaultInjector } from "../faults";
import { RestartableServer } from "../restartable-server";
import { handleSandboxControl } from "./control";
import { CORRELATION_HEADER, correlationId } from "./http";
import { dispatch, type Route } from "./router";
import { apiKeyRoutes } from "./routes/api-keys";
import { authRoutes } from "./routes/auth";
import { oauthRoutes } from "./routes/oauth";
import { assetRoutes } from "./routes/assets";
import { partnerRoutes } from "./routes/partners";
import { serverRoutes } from "./routes/server";
import { sessionRoutes } from "./routes/sessions";
import { systemConfigRoutes } from "./routes/system-config";
import { userAdminRoutes } from "./routes/users";
import { ImmichStore } from "./store";
import { defaultSystemConfig, oauthConfigFrom, type FakeImmichOAuthOptions, type FakeSystemConfig } from "./system-config";
import { handleWebPage } from "./web/handler";

export type { FakeImmichOAuthOptions } from "./system-config";

export interface FakeImmichOptions {
  port?: number;
  host?: string;
  /** The admin seeded at start; `false` starts an empty server, to bootstrap through admin-sign-up. */
  admin?: false | { email?: string; name?: string; password?: string };
  /** OAuth login, off when absent; also settable later with `configureOAuth` (the IdP may start after). */
  oauth?: FakeImmichOAuthOptions;
}

export interface FakeImmich {
  /** The server's origin; the SDK's baseUrl is `${url}/api`. */
  url: string;
  store: ImmichStore;
  /** The live system config, Immich's AdminConfigDto (what `GET /api/system-config` answers). */
  config: FakeSystemConfig;
  faults: FaultInjector;
  server: RestartableServer;
  /** An API key with permission `all`, owned by the seeded admin ("" when no admin was seeded). */
  adminApiKey: string;
  /** The seeded admin's credentials, for `login`. */
  admin?: { id: string; email: string; password: string };
  /** Mints a key; by default its owner is the seeded admin, else a fresh non-admin user. */
  createApiKey(permissions: Permission[], options?: { ownerIsAdmin?: boolean; name?: string }): string;
  /** Turns OAuth login on with these settings (Immich's defaults for the rest of `oauth`), or off with `null`. */
  configureOAuth(options: FakeImmichOAuthOptions | null): void;
  close(): Promise<void>;
}

export const DEFAULT_ADMIN = { email: "admin@immich.test", name: "Immich Admin", password: "sandbox-admin-password" };

const routes: Route[] = [
  ...serverRoutes,
  ...authRoutes,
  ...oauthRoutes,
  ...userAdminRoutes,
  ...apiKeyRoutes,
  ...systemConfigRoutes,
  ...partnerRoutes,
  ...sessionRoutes,
  ...assetRoutes,
];

/**
 * A fake Immich 3.2 on one loopback port: the API under /api like the real server, and the few
 * web pages an OAuth login goes through (/auth/login, /photos).
 */
export async function startFakeImmich(options: FakeImmichOptions = {}): Promise<FakeImmich> {
  const store = new ImmichStore();
  const faults = new FaultInjector();
  const config: FakeSystemConfig = { ...defaultSystemConfig(), oauth: oauthConfigFrom(options.oauth ?? null) };
  let members = 0;

  let admin: FakeImmich["admin"];
  let adminApiKey = "";
  if (options.admin !== false) {
    const credentials = { ...DEFAULT_ADMIN, ...options.admin };
    // Seeded as admin-sign-up would create it.
    const user = store.insertUser({ ...credentials, isAdmin: true, storageLabel: "admin" });
    admin = { id: user.id, email: user.email, password: credentials.password };
    adminApiKey = store.createApiKey(user.id, "Castello sandbox", [Permission.All]).secret;
  }

  function createApiKey(permissions: Permission[], keyOptions: { ownerIsAdmin?: boolean; name?: string } = {}): string {
    let ownerId = admin?.id;
    if (keyOptions.ownerIsAdmin === false) {
      members += 1;
      ownerId = store.insertUser({
        email: `member${members}@immich.test`,
        name: `Member ${members}`,
        password: `member-${members}-password`,
      }).id;
    }
    if (!ownerId) throw new Error("No admin was seeded to own the key");
    return store.createApiKey(ownerId, keyOptions.name ?? "API Key", permissions).secret;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake-immich");
    res.setHeader(CORRELATION_HEADER, correlationId(req));
    if (await faults.handleControl(req, res, url.pathname, () => readBody(req))) return;
    if (await handleSandboxControl(req, res, url.pathname, { store, createApiKey })) return;
    if (await faults.apply(req, res, url.pathname)) return;
    if (await handleWebPage(req, res, url, { store, config })) return;
    await dispatch(routes, { store, config }, req, res, url);
  }

  const server = new RestartableServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error("[fake-immich]", error);
      if (!res.headersSent)
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ message: "Internal server error" }));
      else res.end();
    });
  }, options.host ?? "127.0.0.1");
  await server.start(options.port ?? 0);

  return {
    get url() {
      return server.url;
    },
    store,
    config,
    faults,
    server,
    adminApiKey,
    admin,
    createApiKey,
    configureOAuth: (oauth) => {
      config.oauth = oauthConfigFrom(oauth);
    },
    close: async () => {
      faults.clear();
      await server.close();
    },
  };
}
