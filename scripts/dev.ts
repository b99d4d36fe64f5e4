/**
 * `npm run dev`: the portal on http://localhost:3000 with an embedded Postgres (unless
 * DATABASE_URL is set), the sandbox (fake Authentik) and a seeded demo.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { parseKey } from "../lib/crypto/secret-box";
import { runMigrations } from "../lib/db/migrate";
import { seedDemo } from "../sandbox/demo-seed";
import { SANDBOX_PASSWORD, sandboxUsers } from "../sandbox/seed-users";
import { startSandbox } from "../sandbox/start";

const port = Number(process.env.PORT ?? 3000);
const appUrl = `http://localhost:${port}`;
const dataDir = path.join(process.cwd(), ".data");
mkdirSync(dataDir, { recursive: true });

/** A secret generated once per checkout and kept under .data/, so sessions and sealed keys survive restarts. */
function devSecret(name: string, bytes: number): string {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) writeFileSync(file, randomBytes(bytes).toString("base64"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "castello" });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
await runMigrations(databaseUrl);
const encryptionKey = process.env.CASTELLO_ENCRYPTION_KEY ?? devSecret("dev-encryption-key", 32);
const sandbox = await startSandbox({
  appUrl,
  ports: {
    authentik: Number(process.env.SANDBOX_AUTHENTIK_PORT ?? 9000),
    immich: Number(process.env.SANDBOX_IMMICH_PORT ?? 2283),
    smtp: Number(process.env.SANDBOX_SMTP_PORT ?? 2525),
    mailbox: Number(process.env.SANDBOX_MAILBOX_PORT ?? 8025),
  },
});
// Clara set up an authenticator app long ago: the family page shows MFA on for her.
const clara = sandbox.authentik.directory.findUserByUsername("clara");
if (clara) sandbox.authentikApi.addDevice(clara.pk, "totp", { name: "Phone", confirmed: true });
await seedDemo(databaseUrl, {
  directory: sandbox.authentik.directory,
  authentikUrl: sandbox.authentik.url,
  authentikToken: sandbox.settings.AUTHENTIK_API_TOKEN!,
  immichUrl: sandbox.immich.url,
  immichApiKey: sandbox.immich.adminApiKey,
  keyring: { current: parseKey(encryptionKey), previous: [] },
});

console.log(`
  Castello   ${appUrl}
  Authentik  ${sandbox.authentik.url} (sandbox; API token ${sandbox.settings.AUTHENTIK_API_TOKEN})
  Immich     ${sandbox.immich.url} (sandbox; admin API key ${sandbox.immich.adminApiKey})
  Mailbox    ${sandbox.mail.url} (sandbox: every e-mail the portal sends lands here)
  Database   ${embedded ? "embedded Postgres under .data/postgres" : "DATABASE_URL"}

  Sign in with password "${SANDBOX_PASSWORD}" as:
${sandboxUsers.map((user) => `    ${user.username.padEnd(8)} ${user.name}${user.groups?.length ? ` (${user.groups.join(", ")})` : user.username === "clara" ? " (owner of the Rossi family)" : " (no family: sees the no-access page)"}`).join("\n")}
`);

const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "--port", String(port)], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...sandbox.settings,
    AUTH_SECRET: process.env.AUTH_SECRET ?? devSecret("dev-auth-secret", 33),
    CASTELLO_ENCRYPTION_KEY: encryptionKey,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    PORT: String(port),
  },
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  await sandbox.close();
  await embedded?.stop();
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
next.on("exit", (code) => void stop(code ?? 0));
