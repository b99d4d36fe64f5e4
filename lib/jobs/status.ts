import "server-only";
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { bossJobs } from "./boss-tables";

/** A job as a page shows it: `queued` while still in the outbox, then pg-boss's own state. */
export type JobState = "queued" | "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobView {
  id: string;
  queue: string;
  subjectType: string;
  subjectId: string;
  state: JobState;
  retryCount: number;
  error: string | null;
  createdAt: Date;
  nextAttemptAt: Date | null;
  completedAt: Date | null;
}

const jobColumns = {
  id: outboxJobs.id,
  queue: outboxJobs.queue,
  subjectType: outboxJobs.subjectType,
  subjectId: outboxJobs.subjectId,
  createdAt: outboxJobs.createdAt,
  state: sql<JobState>`coalesce(${bossJobs.state}::text, 'queued')`,
  retryCount: sql<number>`coalesce(${bossJobs.retryCount}, 0)`,
  error: sql<string | null>`${bossJobs.output}->>'message'`,
  nextAttemptAt: bossJobs.startAfter,
  completedAt: bossJobs.completedOn,
};

/** The jobs of some subjects (one tenant, one member...), newest first, in one query. */
export async function jobsForSubjects(db: Executor, subjectType: string, subjectIds: (string | number)[]): Promise<JobView[]> {
  if (subjectIds.length === 0) return [];
  const rows = await db
    .select(jobColumns)
    .from(outboxJobs)
    .leftJoin(bossJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(and(eq(outboxJobs.subjectType, subjectType), inArray(outboxJobs.subjectId, subjectIds.map(String))))
    .orderBy(desc(outboxJobs.createdAt));
  return rows as JobView[];
}

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  completed: number;
}

/** Per queue: waiting (in the outbox, created or retrying), active, failed, completed. */
export async function queueCounts(db: Executor): Promise<QueueCounts[]> {
  const [boss, outbox] = await Promise.all([
    db.select({ queue: bossJobs.name, state: bossJobs.state, n: count() }).from(bossJobs).groupBy(bossJobs.name, bossJobs.state),
    db.select({ queue: outboxJobs.queue, n: count() }).from(outboxJobs).where(eq(outboxJobs.status, "pending")).groupBy(outboxJobs.queue),
  ]);
  const byQueue = new Map<string, QueueCounts>();
  const entry = (queue: string) => {
    if (!byQueue.has(queue)) byQueue.set(queue, { queue, waiting: 0, active: 0, failed: 0, completed: 0 });
    return byQueue.get(queue)!;
  };
  for (const row of outbox) entry(row.queue).waiting += row.n;
  for (const row of boss) {
    const counts = entry(row.queue);
    if (row.state === "created" || row.state === "retry") counts.waiting += row.n;
    else if (row.state === "active") counts.active += row.n;
    else if (row.state === "failed") counts.failed += row.n;
    else if (row.state === "completed") counts.completed += row.n;
  }
  return [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue));
}

/** Failed and retrying jobs with their last error, newest first. */
export async function troubledJobs(db: Executor, limit = 50): Promise<JobView[]> {
  const rows = await db
    .select(jobColumns)
    .from(bossJobs)
    .innerJoin(outboxJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(inArray(bossJobs.state, ["failed", "retry"]))
    .orderBy(desc(bossJobs.createdOn))
    .limit(limit);
  return rows as JobView[];
}
