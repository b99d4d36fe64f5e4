import { Directory } from "./authentik/directory";
import { startFakeAuthentik, type FakeAuthentik } from "./authentik/server";
import { sandboxControlRoutes } from "./control";
import { sandboxUsers } from "./seed-users";

export const SANDBOX_CLIENT_ID = "castello-portal";
export const SANDBOX_CLIENT_SECRET = "castello-sandbox-client-secret";

export interface Sandbox {
  authentik: FakeAuthentik;
  /** The settings a portal at `appUrl` needs to sign in through this sandbox. */
  settings: Record<string, string>;
  close: () => Promise<void>;
}

/** Starts every fake the portal talks to, on loopback. */
export async function startSandbox(options: { appUrl: string; authentikPort?: number }): Promise<Sandbox> {
  const directory = new Directory();
  const authentik = await startFakeAuthentik({
    port: options.authentikPort ?? 0,
    directory,
    users: sandboxUsers,
    applications: [
      {
        slug: "castello",
        name: "Castello",
        clientId: SANDBOX_CLIENT_ID,
        clientSecret: SANDBOX_CLIENT_SECRET,
        redirectUris: [`${options.appUrl}/api/auth/callback/authentik`],
        postLogoutRedirectUris: [`${options.appUrl}/`],
      },
    ],
    routes: [sandboxControlRoutes],
  });
  return {
    authentik,
    settings: {
      AUTH_URL: options.appUrl,
      AUTH_AUTHENTIK_ISSUER: authentik.issuer("castello"),
      AUTH_AUTHENTIK_ID: SANDBOX_CLIENT_ID,
      AUTH_AUTHENTIK_SECRET: SANDBOX_CLIENT_SECRET,
    },
    close: () => authentik.close(),
  };
}
