import { and, asc, eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { logger } from "@/lib/observability/logger";

export const DISPATCH_BATCH = 1000;

/**
 * Hands committed outbox rows to pg-boss, using the row id as the job id: a row sent twice
 * (a crash between insert and mark) is still one job, since pg-boss's insert skips an id it
 * has. One insert per queue in the batch and one update for the batch. Rows are locked with
 * SKIP LOCKED, so two dispatchers never send the same rows. Returns how many were sent.
 */
export async function dispatchOutbox(db: Database, boss: PgBoss): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: outboxJobs.id, queue: outboxJobs.queue, payload: outboxJobs.payload })
      .from(outboxJobs)
      .where(eq(outboxJobs.status, "pending"))
      .orderBy(asc(outboxJobs.createdAt))
      .limit(DISPATCH_BATCH)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return 0;
    const byQueue = new Map<string, { id: string; data: object }[]>();
    for (const row of rows) {
      const jobs = byQueue.get(row.queue) ?? [];
      jobs.push({ id: row.id, data: row.payload as object });
      byQueue.set(row.queue, jobs);
    }
    for (const [queue, jobs] of byQueue) await boss.insert(queue, jobs);
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
    logger("jobs").debug("outbox dispatched", { jobs: rows.length, queues: byQueue.size });
    return rows.length;
  });
}
