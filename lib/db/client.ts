import "server-only";
import { getEnv } from "@/lib/env";
import { createDatabase, type Database } from "./connect";

export type { Database, Executor } from "./connect";

const globalForDb = globalThis as unknown as { castelloDb?: Database };

/** The process-wide pool (kept across hot reloads in development). */
export function getDb(): Database {
  if (!globalForDb.castelloDb) {
    const url = getEnv().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: the server starts an embedded Postgres before serving");
    globalForDb.castelloDb = createDatabase(url).db;
  }
  return globalForDb.castelloDb;
}
