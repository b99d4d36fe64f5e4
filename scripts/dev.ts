/**
 * `npm run dev`: the portal on http://localhost:3000 with an embedded Postgres (unless
 * DATABASE_URL is set), the sandbox (fake Authentik) and a seeded demo.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { runMigrations } from "../lib/db/migrate";
import { seedDemo } from "../e2e/sandbox/demo-seed";
import { SANDBOX_PASSWORD, sandboxUsers } from "../e2e/sandbox/seed-users";
import { startSandbox } from "../e2e/sandbox/start";

const port = Number(process.env.PORT ?? 3000);
const appUrl = `http://localhost:${port}`;
const dataDir = path.join(process.cwd(), ".data");
mkdirSync(dataDir, { recursive: true });

function devSecret(): string {
  const file = path.join(dataDir, "dev-auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(33).toString("base64"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "castello" });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
await runMigrations(databaseUrl);
const sandbox = await startSandbox({ appUrl, authentikPort: Number(process.env.SANDBOX_AUTHENTIK_PORT ?? 9000) });
await seedDemo(databaseUrl, sandbox.authentik.directory);

console.log(`
  Castello   ${appUrl}
  Authentik  ${sandbox.authentik.url} (sandbox)
  Database   ${embedded ? "embedded Postgres under .data/postgres" : "DATABASE_URL"}

  Sign in with password "${SANDBOX_PASSWORD}" as:
${sandboxUsers.map((user) => `    ${user.username.padEnd(8)} ${user.name}${user.groups?.length ? ` (${user.groups.join(", ")})` : user.username === "clara" ? " (owner of the Rossi family)" : " (no family: sees the no-access page)"}`).join("\n")}
`);

const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "--port", String(port)], {
  stdio: "inherit",
  env: {
    ...process.env,
    ...sandbox.settings,
    AUTH_SECRET: process.env.AUTH_SECRET ?? devSecret(),
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
