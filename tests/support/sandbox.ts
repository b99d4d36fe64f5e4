import { authentikApis, type AuthentikApis } from "@/lib/authentik/client";
import { Directory } from "@/e2e/sandbox/authentik/directory";
import { authentikApiRoutes } from "@/e2e/sandbox/authentik/api";
import { startFakeAuthentik, type FakeAuthentik } from "@/e2e/sandbox/authentik/server";
import { FaultInjector } from "@/e2e/sandbox/faults";

export const AUTHENTIK_TEST_TOKEN = "integration-test-token";

export interface AuthentikSandbox {
  server: FakeAuthentik;
  directory: Directory;
  faults: FaultInjector;
  apis: AuthentikApis;
}

/** A fake Authentik with its API, for integration tests; talk to it through the real adapter. */
export async function startAuthentikSandbox(): Promise<AuthentikSandbox> {
  const directory = new Directory();
  const faults = new FaultInjector();
  const server = await startFakeAuthentik({
    directory,
    faults,
    applications: [],
    routes: [authentikApiRoutes({ token: AUTHENTIK_TEST_TOKEN, faults })],
  });
  return { server, directory, faults, apis: authentikApis({ url: server.url, token: AUTHENTIK_TEST_TOKEN, timeoutMs: 2000 }) };
}
