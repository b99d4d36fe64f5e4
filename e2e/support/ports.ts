import { EMBEDDED_CLUSTERS } from "../../lib/db/embedded";
/** Fixed loopback ports and URLs of the e2e stack, shared by the server script and the specs. */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_AUTHENTIK_PORT = Number(process.env.E2E_AUTHENTIK_PORT ?? 9410);
export const E2E_AUTHENTIK_URL = `http://127.0.0.1:${E2E_AUTHENTIK_PORT}`;
export const E2E_IMMICH_PORT = Number(process.env.E2E_IMMICH_PORT ?? 9420);
export const E2E_IMMICH_URL = `http://127.0.0.1:${E2E_IMMICH_PORT}`;
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 9425);
export const E2E_MAILBOX_PORT = Number(process.env.E2E_MAILBOX_PORT ?? 9430);
export const E2E_MAILBOX_URL = `http://127.0.0.1:${E2E_MAILBOX_PORT}`;
/** The e2e server's CASTELLO_ENCRYPTION_KEY, so fixtures can seal a tenant's Immich key (test-only value). */
export const E2E_ENCRYPTION_KEY = Buffer.alloc(32, 0x5a).toString("base64");
export const E2E_DATABASE_NAME = "castello_e2e";

/** DATABASE_URL when set (CI), else the embedded cluster's e2e database. */
export function e2eDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${EMBEDDED_CLUSTERS.e2e.port}/${E2E_DATABASE_NAME}`;
}

/** Refuses to seed a database that is not on this machine. */
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`e2e tests write test data and refuse the non-local database host ${host}`);
  }
}
