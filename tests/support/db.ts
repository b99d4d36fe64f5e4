import { afterAll, inject } from "vitest";
import { createDatabase, type Database } from "@/lib/db/connect";

const { db, close } = createDatabase(inject("databaseUrl"), { max: 4 });
afterAll(close);

class Rollback extends Error {}

/** Runs a test body in a transaction that is always rolled back: each test sees a clean database. */
export async function inRollback(body: (tx: Database) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await body(tx as unknown as Database);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}

export { db };
