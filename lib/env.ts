import "server-only";
import { formatProblems, parseEnv, type Env } from "./env-schema";

/**
 * The only reader of process.env. Settings are validated lazily (so `next build`
 * runs without secrets) and checked before the server serves (scripts/check-settings.ts
 * and instrumentation.ts).
 */
export type { Env } from "./env-schema";

export class InvalidSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(formatProblems(problems));
    this.name = "InvalidSettingsError";
  }
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const result = parseEnv(process.env);
  if (!result.ok) throw new InvalidSettingsError(result.problems);
  cached = result.env;
  return cached;
}

/**
 * Points this process at the embedded Postgres started when DATABASE_URL is unset. It goes
 * into the environment (not only the cache) because Next.js bundles instrumentation apart
 * from the routes, each with its own copy of this module.
 */
export function adoptEmbeddedDatabase(url: string): Env & { DATABASE_URL: string } {
  process.env.DATABASE_URL = url;
  cached = undefined;
  return { ...getEnv(), DATABASE_URL: url };
}
