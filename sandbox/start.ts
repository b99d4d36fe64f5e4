import { authentikApiRoutes, ApiState } from "./authentik/api";
import { Directory } from "./authentik/directory";
import { enrollmentFlowRoutes, userSettingsRoutes } from "./authentik/flows";
import { startFakeAuthentik, type FakeAuthentik } from "./authentik/server";
import { sandboxControlRoutes } from "./control";
import { FaultInjector } from "./faults";
import { startFakeImmich, type FakeImmich } from "./immich/server";
import { startMailCatcher, type MailCatcher } from "./mail";
import { sandboxUsers } from "./seed-users";

export const SANDBOX_CLIENT_ID = "castello-portal";
export const SANDBOX_CLIENT_SECRET = "castello-sandbox-client-secret";
export const SANDBOX_API_TOKEN = "castello-sandbox-api-token";
const IMMICH_CLIENT_ID = "immich";
const IMMICH_CLIENT_SECRET = "immich-sandbox-client-secret";

export interface Sandbox {
  authentik: FakeAuthentik;
  authentikApi: ApiState;
  authentikFaults: FaultInjector;
  immich: FakeImmich;
  mail: MailCatcher;
  /** The settings a portal at `appUrl` needs to talk to this sandbox. */
  settings: Record<string, string>;
  close: () => Promise<void>;
}

export interface SandboxPorts {
  authentik?: number;
  immich?: number;
  smtp?: number;
  mailbox?: number;
}

/**
 * Starts every fake the portal talks to, on loopback: Immich first (Authentik needs its
 * redirect URI), then Authentik with the portal's and Immich's OIDC applications, its API
 * and the enrollment flow, then Immich's OAuth pointed at it, and the mail catcher.
 */
export async function startSandbox(options: { appUrl: string; ports?: SandboxPorts; installId?: string }): Promise<Sandbox> {
  const immich = await startFakeImmich({ port: options.ports?.immich ?? 0 });
  // Subs hash the user pk with the install id: a fixed one keeps the dev demo's subs stable
  // across restarts; the e2e suite passes a fresh one so no run matches an older run's members.
  const directory = new Directory(options.installId);
  const authentikFaults = new FaultInjector();
  const applications = [
    {
      slug: "castello",
      name: "Castello",
      clientId: SANDBOX_CLIENT_ID,
      clientSecret: SANDBOX_CLIENT_SECRET,
      redirectUris: [`${options.appUrl}/api/auth/callback/authentik`],
      postLogoutRedirectUris: [`${options.appUrl}/`],
    },
    {
      slug: "immich",
      name: "Immich",
      clientId: IMMICH_CLIENT_ID,
      clientSecret: IMMICH_CLIENT_SECRET,
      // The mobile app's app.immich:/// URI is left out: oidc-provider only takes web URIs for web clients.
      redirectUris: [`${immich.url}/auth/login`, `${immich.url}/user-settings`],
    },
  ];
  const authentikApi = new ApiState({ directory, applications });
  const authentik = await startFakeAuthentik({
    port: options.ports?.authentik ?? 0,
    directory,
    users: sandboxUsers,
    applications,
    faults: authentikFaults,
    routes: [
      sandboxControlRoutes(authentikApi),
      authentikApiRoutes({ token: SANDBOX_API_TOKEN, state: authentikApi, faults: authentikFaults }),
      enrollmentFlowRoutes({ state: authentikApi, castelloUrl: options.appUrl }),
      userSettingsRoutes({ state: authentikApi }),
    ],
  });
  immich.configureOAuth({
    issuerUrl: authentik.issuer("immich"),
    clientId: IMMICH_CLIENT_ID,
    clientSecret: IMMICH_CLIENT_SECRET,
    allowInsecureRequests: true,
  });
  const mail = await startMailCatcher({ smtpPort: options.ports?.smtp ?? 0, httpPort: options.ports?.mailbox ?? 0 });
  return {
    authentik,
    authentikApi,
    authentikFaults,
    immich,
    mail,
    settings: {
      AUTH_URL: options.appUrl,
      AUTH_AUTHENTIK_ISSUER: authentik.issuer("castello"),
      AUTH_AUTHENTIK_ID: SANDBOX_CLIENT_ID,
      AUTH_AUTHENTIK_SECRET: SANDBOX_CLIENT_SECRET,
      AUTHENTIK_API_TOKEN: SANDBOX_API_TOKEN,
      SMTP_URL: mail.smtpUrl,
      MAIL_FROM: "Castello <no-reply@castello.test>",
    },
    close: async () => {
      await Promise.all([authentik.close(), immich.close(), mail.close()]);
    },
  };
}
