import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { buildDeps, type Deps } from "./deps";

const globalForDeps = globalThis as unknown as { castelloDeps?: Deps };

/** The web server's dependencies, built once per process (kept across hot reloads in development). */
export function serverDeps(): Deps {
  if (!globalForDeps.castelloDeps) {
    const env = getEnv();
    const db = getDb();
    globalForDeps.castelloDeps = buildDeps({ ...env, DATABASE_URL: env.DATABASE_URL! }, { db });
  }
  return globalForDeps.castelloDeps;
}
