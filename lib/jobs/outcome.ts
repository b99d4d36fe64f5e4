import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";

/**
 * The outbox row keeps how its job ended, so pages read the outcome after pg-boss has purged
 * the job (completed jobs go after its retention, failed ones after FAILED_JOB_RETENTION_SECONDS).
 * Jobs pg-boss schedules itself (cron) have no outbox row: these updates then match nothing.
 */
export async function recordCompleted(db: Database, jobId: string): Promise<void> {
  await db
    .update(outboxJobs)
    .set({ status: "completed", finishedAt: sql`now()`, lastError: null })
    .where(and(eq(outboxJobs.id, jobId), inArray(outboxJobs.status, ["pending", "dispatched", "failed"])));
}

/** A failed attempt: the job retries (`final` false) or has failed for good. */
export async function recordFailure(db: Database, jobId: string, error: string, final: boolean): Promise<void> {
  await db
    .update(outboxJobs)
    .set({
      lastError: error.slice(0, 2000),
      lastFailedAt: sql`now()`,
      ...(final ? { status: "failed" as const, finishedAt: sql`now()` } : {}),
    })
    .where(eq(outboxJobs.id, jobId));
}

/** An operator's retry sends a failed job back: the row is in flight again. */
export async function recordRetried(db: Database, jobId: string): Promise<void> {
  await db.update(outboxJobs).set({ status: "dispatched", finishedAt: null }).where(eq(outboxJobs.id, jobId));
}
