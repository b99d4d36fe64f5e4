import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";
import { runMigrations } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const TEST_DATABASE = "castello_integration";
let embedded: EmbeddedDatabase | undefined;

/** A freshly migrated database for this run: on DATABASE_URL's server when set, else embedded. */
export async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ database: "postgres", cluster: "integration" });
    serverUrl = embedded.url;
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEST_DATABASE} with (force)`);
  await admin.unsafe(`create database ${TEST_DATABASE}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${TEST_DATABASE}`;
  await runMigrations(url.href);
  project.provide("databaseUrl", url.href);
}

export async function teardown() {
  await embedded?.stop();
}
