/**
 * Playwright's web server: the sandbox, a migrated database and `next start` on the
 * e2e ports. Builds first when there is no build yet.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { runMigrations } from "../../lib/db/migrate";
import { startSandbox } from "../../sandbox/start";
import {
  E2E_APP_PORT,
  E2E_APP_URL,
  E2E_AUTHENTIK_PORT,
  E2E_IMMICH_PORT,
  E2E_MAILBOX_PORT,
  E2E_SMTP_PORT,
  E2E_DATABASE_NAME,
  E2E_ENCRYPTION_KEY,
  assertLocalDatabase,
  e2eDatabaseUrl,
} from "./ports";

const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: E2E_DATABASE_NAME, cluster: "e2e" });
const databaseUrl = e2eDatabaseUrl();
assertLocalDatabase(databaseUrl);
await runMigrations(databaseUrl);
const sandbox = await startSandbox({
  appUrl: E2E_APP_URL,
  ports: { authentik: E2E_AUTHENTIK_PORT, immich: E2E_IMMICH_PORT, smtp: E2E_SMTP_PORT, mailbox: E2E_MAILBOX_PORT },
  installId: `e2e-${randomBytes(8).toString("hex")}`,
});

if (!existsSync(path.join(".next", "BUILD_ID"))) {
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [nextBin, "start", "--port", String(E2E_APP_PORT)], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...sandbox.settings,
    AUTH_SECRET: randomBytes(33).toString("base64"),
    CASTELLO_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
    // Production build, worker inside the server: one process to start and stop.
    CASTELLO_WORKER_IN_SERVER: "true",
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  },
});

async function stop() {
  server.kill("SIGTERM");
  await sandbox.close();
  await embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", (code) => {
  void sandbox.close().then(() => process.exit(code ?? 1));
});
