import { and, count, eq, inArray, lte, min, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { bossJobs } from "./boss-tables";

export interface JobStats {
  /** Jobs by queue and state; `queued` is a row still in the outbox, the rest are pg-boss's states. */
  counts: { queue: string; state: string; count: number }[];
  /** Jobs ready to run and not started: in the outbox, or created/retry past their start time. */
  pending: number;
  /** Seconds the oldest of those has waited; null when none waits. */
  oldestPendingSeconds: number | null;
}

/** Read at scrape time (metrics) and by the health check; no server-only imports, so the worker can run it. */
export async function jobStats(db: Executor): Promise<JobStats> {
  const ready = and(inArray(bossJobs.state, ["created", "retry"]), lte(bossJobs.startAfter, sql`now()`));
  const [boss, outbox, waiting] = await Promise.all([
    db.select({ queue: bossJobs.name, state: bossJobs.state, n: count() }).from(bossJobs).groupBy(bossJobs.name, bossJobs.state),
    db
      .select({ queue: outboxJobs.queue, n: count(), oldest: min(outboxJobs.createdAt) })
      .from(outboxJobs)
      .where(eq(outboxJobs.status, "pending"))
      .groupBy(outboxJobs.queue),
    db
      .select({ n: count(), oldest: min(bossJobs.startAfter), now: sql<Date>`now()`.mapWith(bossJobs.startAfter) })
      .from(bossJobs)
      .where(ready),
  ]);
  const now = waiting[0]?.now ?? new Date();
  const oldest = [waiting[0]?.oldest, ...outbox.map((row) => row.oldest)].filter((at): at is Date => at instanceof Date);
  const first = oldest.length ? Math.min(...oldest.map((at) => at.getTime())) : undefined;
  return {
    counts: [
      ...outbox.map((row) => ({ queue: row.queue, state: "queued", count: row.n })),
      ...boss.map((row) => ({ queue: row.queue, state: row.state, count: row.n })),
    ],
    pending: (waiting[0]?.n ?? 0) + outbox.reduce((sum, row) => sum + row.n, 0),
    oldestPendingSeconds: first === undefined ? null : Math.max(0, (now.getTime() - first) / 1000),
  };
}
