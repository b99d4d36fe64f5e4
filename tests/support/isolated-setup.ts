import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { runMigrations } from "../../lib/db/migrate";

/**
 * global-setup.ts for one engineer's run on a shared Postgres: the database named by
 * ISOLATED_TEST_DATABASE (default castello_isolated) on DATABASE_URL's server, so that runs of
 * other checkouts (which drop and re-create castello_integration) never meet this one.
 * Used by tests/support/vitest.isolated.config.ts only; CI uses global-setup.ts.
 */
export async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set DATABASE_URL to a Postgres server");
  const name = process.env.ISOLATED_TEST_DATABASE ?? "castello_isolated";
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a database name: ${name}`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.href);
  project.provide("databaseUrl", url.href);
}
