import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { runMigrations } from "@/lib/db/migrate";
import { getEnv, InvalidSettingsError } from "@/lib/env";
import { workerRunsInServer } from "@/lib/env-schema";

export async function boot(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof InvalidSettingsError) {
      console.error(`\n${error.message}\n\nSee README.md, "Settings".\n`);
      process.exit(1);
    }
    throw error;
  }
  if (!env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres({ database: "castello" });
    process.env.DATABASE_URL = embedded.url;
    console.log("[castello] DATABASE_URL is unset: using the embedded Postgres under .data/");
  }
  await runMigrations(process.env.DATABASE_URL!);
  if (workerRunsInServer(env)) {
    const { startWorkerFromEnv } = await import("@/lib/jobs/run-worker");
    await startWorkerFromEnv({ ...env, DATABASE_URL: process.env.DATABASE_URL! });
    console.log("[castello] job worker running inside the server (CASTELLO_WORKER_IN_SERVER)");
  }
}
