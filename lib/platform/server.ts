import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { buildDeps, type Deps } from "./deps";

/**
 * The web server's dependencies, built once per module instance. Deliberately not on
 * globalThis: Next.js bundles pages and actions into separate layers, each with its own copy
 * of the adapters' error classes, and an adapter from one layer would throw errors the other
 * layer's `instanceof` does not recognise. The database pool underneath is shared (getDb).
 */
let deps: Deps | undefined;

export function serverDeps(): Deps {
  if (!deps) {
    const env = getEnv();
    deps = buildDeps({ ...env, DATABASE_URL: env.DATABASE_URL! }, { db: getDb() });
  }
  return deps;
}
