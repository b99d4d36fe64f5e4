import "server-only";
import { and, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { bossJobs, bossQueues } from "./boss-tables";

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

/**
 * While pg-boss has the job, its state says where it is; after pg-boss purged it, the outbox
 * row says how it ended (lib/jobs/outcome.ts). A dispatched row with neither was purged after
 * completing (a job pg-boss expired in a dead worker, then finished elsewhere).
 */
export const jobStateSql = sql<JobState>`case when ${outboxJobs.status} = 'pending' then 'queued'
  else coalesce(${bossJobs.state}::text, case when ${outboxJobs.status} = 'failed' then 'failed' else 'completed' end) end`;

export const jobErrorSql = sql<string | null>`coalesce(${outboxJobs.lastError}, ${bossJobs.output}->>'message')`;

const jobColumns = {
  id: outboxJobs.id,
  queue: outboxJobs.queue,
  subjectType: outboxJobs.subjectType,
  subjectId: outboxJobs.subjectId,
  createdAt: outboxJobs.createdAt,
  state: jobStateSql,
  retryCount: sql<number>`coalesce(${bossJobs.retryCount}, 0)`,
  error: jobErrorSql,
  nextAttemptAt: bossJobs.startAfter,
  completedAt: sql<Date | null>`coalesce(${outboxJobs.finishedAt}, ${bossJobs.completedOn})`.mapWith(outboxJobs.finishedAt),
};

const joinBoss = and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id));

/**
 * The jobs of some subjects (one tenant, one member...), newest first, in one query.
 * `open`: only those not done yet (queued, running, retrying or failed), which is what a
 * page that says "pending" wants; otherwise the latest `limit` of their history.
 */
export async function jobsForSubjects(
  db: Executor,
  subjectType: string,
  subjectIds: (string | number)[],
  { open = false, limit = 200 }: { open?: boolean; limit?: number } = {},
): Promise<JobView[]> {
  if (subjectIds.length === 0) return [];
  const rows = await db
    .select(jobColumns)
    .from(outboxJobs)
    .leftJoin(bossJobs, joinBoss)
    .where(
      and(
        eq(outboxJobs.subjectType, subjectType),
        inArray(outboxJobs.subjectId, subjectIds.map(String)),
        open ? sql`${jobStateSql} not in ('completed', 'cancelled')` : undefined,
      ),
    )
    .orderBy(desc(outboxJobs.createdAt))
    .limit(limit);
  return rows as JobView[];
}

export interface QueueCounts {
  queue: string;
  waiting: number;
  active: number;
  failed: number;
  completed: number;
}

/**
 * Per queue: waiting (in the outbox, created or retrying), active, failed, completed (or
 * cancelled). pg-boss's supervisor keeps these counts on its queue rows; reading them costs
 * the same at any size. `countedAt` says how old they are.
 */
export async function queueCounts(db: Executor): Promise<{ queues: QueueCounts[]; countedAt: Date | null }> {
  const [boss, outbox] = await Promise.all([
    db.select().from(bossQueues),
    db.select({ queue: outboxJobs.queue, n: count() }).from(outboxJobs).where(eq(outboxJobs.status, "pending")).groupBy(outboxJobs.queue),
  ]);
  const byQueue = new Map<string, QueueCounts>();
  const entry = (queue: string) => {
    if (!byQueue.has(queue)) byQueue.set(queue, { queue, waiting: 0, active: 0, failed: 0, completed: 0 });
    return byQueue.get(queue)!;
  };
  for (const row of boss) {
    if (row.totalCount === 0) continue;
    Object.assign(entry(row.name), {
      waiting: row.queuedCount,
      active: row.activeCount,
      failed: row.failedCount,
      completed: Math.max(0, row.totalCount - row.queuedCount - row.activeCount - row.failedCount),
    });
  }
  for (const row of outbox) entry(row.queue).waiting += row.n;
  const counted = boss.map((row) => row.monitorOn).filter((at): at is Date => at instanceof Date);
  return {
    queues: [...byQueue.values()].sort((a, b) => a.queue.localeCompare(b.queue)),
    countedAt: counted.length ? new Date(Math.min(...counted.map((at) => at.getTime()))) : null,
  };
}

/** Retrying and failed jobs with their last error, newest first: the outbox remembers them (outbox_troubled_idx). */
export async function troubledJobs(db: Executor, limit = 50): Promise<JobView[]> {
  const rows = await db
    .select({ ...jobColumns, state: sql<JobState>`case ${outboxJobs.status} when 'failed' then 'failed' else 'retry' end` })
    .from(outboxJobs)
    .leftJoin(bossJobs, joinBoss)
    .where(and(isNotNull(outboxJobs.lastError), inArray(outboxJobs.status, ["dispatched", "failed"])))
    .orderBy(sql`${outboxJobs.lastFailedAt} desc nulls last`)
    .limit(limit);
  return rows as JobView[];
}
