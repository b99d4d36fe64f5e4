import { and, asc, eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { logger } from "@/lib/observability/logger";

const BATCH = 100;

/**
 * Hands committed outbox rows to pg-boss, using the row id as the job id: a row sent twice
 * (a crash between send and mark) is still one job. Rows are locked with SKIP LOCKED, so
 * two dispatchers never send the same batch concurrently. Returns how many were sent.
 */
export async function dispatchOutbox(db: Database, boss: PgBoss): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outboxJobs)
      .where(eq(outboxJobs.status, "pending"))
      .orderBy(asc(outboxJobs.createdAt))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return 0;
    for (const row of rows) {
      await boss.send(row.queue, row.payload as object, { id: row.id });
    }
    await tx
      .update(outboxJobs)
      .set({ status: "dispatched", dispatchedAt: new Date() })
      .where(
        and(
          eq(outboxJobs.status, "pending"),
          inArray(
            outboxJobs.id,
            rows.map((row) => row.id),
          ),
        ),
      );
    logger("jobs").debug("outbox dispatched", { jobs: rows.length });
    return rows.length;
  });
}
