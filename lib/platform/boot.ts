import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { adoptEmbeddedDatabase, getEnv, InvalidSettingsError } from "@/lib/env";
import { workerRunsInServer } from "@/lib/env-schema";
import { logger } from "@/lib/observability/logger";
import { observeProcess } from "./observability";

export async function boot(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof InvalidSettingsError) {
      // For a person at the console, not a log collector: plain text.
      console.error(`\n${error.message}\n\nSee README.md, "Settings".\n`);
      process.exit(1);
    }
    throw error;
  }
  observeProcess("castello-web", env);
  const log = logger("boot");
  const settings = env.DATABASE_URL
    ? { ...env, DATABASE_URL: env.DATABASE_URL }
    : adoptEmbeddedDatabase((await startEmbeddedPostgres({ database: "castello" })).url);
  if (!env.DATABASE_URL) log.info("DATABASE_URL is unset: using the embedded Postgres under .data/");
  await runMigrations(settings.DATABASE_URL);
  if (workerRunsInServer(settings)) {
    const { startWorkerFromSettings } = await import("./worker");
    await startWorkerFromSettings(settings);
    log.info("job worker running inside the server (CASTELLO_WORKER_IN_SERVER)");
  }
}
