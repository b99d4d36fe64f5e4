import "server-only";
import type { PgBoss } from "pg-boss";
import { getEnv } from "@/lib/env";
import { startBoss } from "@/lib/jobs/boss";

const globalForBoss = globalThis as unknown as { castelloBoss?: Promise<PgBoss> };

/** The web server's queue handle, to retry jobs; it does not work jobs itself. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.castelloBoss ??= startBoss({ databaseUrl: getEnv().DATABASE_URL! }).catch((error) => {
    globalForBoss.castelloBoss = undefined;
    throw error;
  });
  return globalForBoss.castelloBoss;
}
