import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
/** A database handle or an open transaction: queries and service verbs take either. */
export type Executor = Pick<Database, "select" | "insert" | "update" | "delete" | "execute" | "query" | "transaction">;

/**
 * A pool of its own; scripts, tests and the server's getDb() all start here.
 *
 * JIT is off for Castello's sessions: its queries are short index look-ups, and Postgres decides
 * to JIT-compile on the planner's cost, which counts subqueries that never run (the dashboard's
 * count fallbacks, estimated over every member): 420 ms of compiling for a 0.2 ms query at
 * 400,000 members. Set in the startup packet, so it holds whatever the server's default is.
 */
export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection: { jit: "off" } });
  const db = drizzle(client, { schema, casing: "snake_case" });
  return { db, close: () => client.end({ timeout: 5 }) };
}
