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
 * Starts every fake the portal talks to, on loopback: Immich, Authentik with the portal's OIDC
 * application, its API and the enrollment flow, and the mail catcher. Immich's own OAuth
 * application is not seeded: Castello's tenant wiring creates it (lib/tenants/wiring-jobs.ts),
 * as it does against the real systems.
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
