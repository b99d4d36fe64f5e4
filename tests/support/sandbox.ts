import { authentikApis, type AuthentikApis } from "@/lib/identity/authentik/client";
import { createAuthentikIdentity } from "@/lib/identity/authentik/adapter";
import type { IdentityPort } from "@/lib/identity/port";
import { Directory } from "@/sandbox/authentik/directory";
import { ApiState, authentikApiRoutes } from "@/sandbox/authentik/api";
import { enrollmentFlowRoutes } from "@/sandbox/authentik/flows";
import { startFakeAuthentik, type FakeAuthentik } from "@/sandbox/authentik/server";
import { FaultInjector } from "@/sandbox/faults";

export const AUTHENTIK_TEST_TOKEN = "integration-test-token";

export interface AuthentikSandbox {
  server: FakeAuthentik;
  directory: Directory;
  /** The API's state (invitations, flows, devices), on the same directory as the server. */
  state: ApiState;
  faults: FaultInjector;
  apis: AuthentikApis;
  /** The identity port over this fake, as the product uses it. */
  identity: IdentityPort;
}

export interface AuthentikSandboxOptions {
  /** Also serve the `castello-enrollment` flow, redirecting to `<castelloUrl>/onboarding/complete`. */
  enrollment?: { castelloUrl: string };
}

/** A fake Authentik with its API, for integration tests; talk to it through the real adapter. */
export async function startAuthentikSandbox(options: AuthentikSandboxOptions = {}): Promise<AuthentikSandbox> {
  const directory = new Directory();
  const state = new ApiState({ directory });
  const faults = new FaultInjector();
  const server = await startFakeAuthentik({
    directory,
    faults,
    applications: [],
    routes: [
      authentikApiRoutes({ token: AUTHENTIK_TEST_TOKEN, faults, state }),
      ...(options.enrollment ? [enrollmentFlowRoutes({ state, castelloUrl: options.enrollment.castelloUrl })] : []),
    ],
  });
  const connection = { url: server.url, token: AUTHENTIK_TEST_TOKEN, timeoutMs: 2000 };
  return { server, directory, state, faults, apis: authentikApis(connection), identity: createAuthentikIdentity(connection) };
}
