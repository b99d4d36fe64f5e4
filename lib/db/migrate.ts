import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";

/** Applies the committed drizzle/ migrations; safe to run on every start. */
export async function runMigrations(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle") });
  } finally {
    await client.end({ timeout: 5 });
  }
}
