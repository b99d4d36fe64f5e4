import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createDatabase, type Database } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { bossJobs } from "@/lib/jobs/boss-tables";
import { ensureQueues, startBoss } from "@/lib/jobs/boss";
import { enqueueJob } from "@/lib/jobs/outbox";
import type { RetryPolicy } from "@/lib/jobs/policy";
import { defineQueue, queueNames, register } from "@/lib/jobs/queue";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { JOB_QUEUES } from "@/lib/platform/jobs";
import { db } from "@/tests/support/db";
import { until } from "@/tests/support/wait";

/**
 * `npm run worker` scales out: any number of workers share the queue on one Postgres. Two
 * worker runtimes, each with its own pg-boss and its own database pool (as two processes
 * would have), work queues fed through the outbox: every job runs exactly once, and both
 * workers take part.
 *
 * The jobs are spread over ten queues, as Castello's are: a worker takes one job per queue
 * per poll (batchSize 1, lib/jobs/worker.ts), so one queue would need a minute for 200 jobs.
 */
const JOBS = 200;
const QUEUES = 10;
const RUN = randomUUID().slice(0, 8);
const SUBJECT = `two-workers-${RUN}`;
const FAST: RetryPolicy = { retryLimit: 3, retryDelay: 1, retryDelayMax: 2, expireInSeconds: 30 };

const testQueues = Array.from({ length: QUEUES }, (_, index) =>
  defineQueue({
    name: `test.two-workers-${RUN}-${index}`,
    label: "jobs.ensureTenantGroup",
    payload: z.object({ n: z.number().int() }),
  }),
);
const queueOf = (n: number) => testQueues[n % QUEUES]!;
const testQueueNames = testQueues.map((queue) => queue.name);

interface WorkerContext {
  db: Database;
  name: "first" | "second";
}

/** Every run of a handler, in order: which job and which worker. */
const runs: { n: number; worker: WorkerContext["name"] }[] = [];

const handlers = testQueues.map((queue) =>
  register<{ n: number }, WorkerContext>(queue, async ({ n }, context) => {
    runs.push({ n, worker: context.name });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { n, worker: context.name };
  }),
);

const pools: { close: () => Promise<void> }[] = [];
const workers: Worker[] = [];

async function startTestWorker(name: WorkerContext["name"]): Promise<Worker> {
  const pool = createDatabase(inject("databaseUrl"), { max: 4 });
  pools.push(pool);
  const worker = await startWorker<WorkerContext>({
    databaseUrl: inject("databaseUrl"),
    context: { db: pool.db, name },
    queues: handlers,
    policy: FAST,
    dispatchIntervalMs: 100,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
  });
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  // pg-boss creates its schema on start; the dispatcher also sends whatever other test files
  // left in the outbox, so every queue it may name must exist (nobody works them here).
  const boss = await startBoss({ databaseUrl: inject("databaseUrl") });
  await ensureQueues(
    boss,
    JOB_QUEUES.flatMap((registered) => queueNames(registered.queue)),
  );
  await boss.stop({ graceful: false });
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop({ graceful: false }).catch(() => undefined)));
  const cleanup = await startBoss({ databaseUrl: inject("databaseUrl") });
  for (const name of testQueueNames) await cleanup.deleteQueue(name).catch(() => undefined);
  await cleanup.stop({ graceful: false });
  await db.delete(outboxJobs).where(eq(outboxJobs.subjectType, SUBJECT));
  await Promise.all(pools.map((pool) => pool.close()));
});

const completed = async () =>
  (
    await db
      .select({ count: sql<number>`count(*)::int` })
      .from(bossJobs)
      .where(and(inArray(bossJobs.name, testQueueNames), eq(bossJobs.state, "completed")))
  )[0]!.count;

describe("two `npm run worker` processes on one Postgres", () => {
  it("share the queue: every job runs exactly once, and both workers work", async () => {
    await startTestWorker("first");
    await startTestWorker("second");

    // Enqueued as the verbs do, in transactions, while both workers dispatch and work.
    for (let batch = 0; batch < JOBS; batch += 20) {
      await db.transaction(async (tx) => {
        for (let n = batch; n < batch + 20; n++) {
          await enqueueJob(tx, { queue: queueOf(n), payload: { n }, subject: { type: SUBJECT, id: n } });
        }
      });
    }

    await until(async () => (await completed()) === JOBS, 15_000);

    // Exactly once: 200 runs, one per job, none retried.
    expect(runs).toHaveLength(JOBS);
    expect(new Set(runs.map((run) => run.n)).size).toBe(JOBS);
    const jobs = await db.select().from(bossJobs).where(inArray(bossJobs.name, testQueueNames));
    expect(jobs).toHaveLength(JOBS);
    expect(jobs.filter((job) => job.state !== "completed" || job.retryCount !== 0)).toEqual([]);

    // One pg-boss job per outbox row, under the row's id, every row dispatched once.
    const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, SUBJECT));
    expect(rows).toHaveLength(JOBS);
    expect(rows.every((row) => row.status === "completed" && row.dispatchedAt !== null && row.finishedAt !== null)).toBe(true);
    expect(new Set(jobs.map((job) => job.id))).toEqual(new Set(rows.map((row) => row.id)));

    // Both took part, each a real share of the work.
    const byWorker = Object.groupBy(runs, (run) => run.worker);
    expect(byWorker.first?.length ?? 0).toBeGreaterThanOrEqual(JOBS / 10);
    expect(byWorker.second?.length ?? 0).toBeGreaterThanOrEqual(JOBS / 10);
    // Each job's recorded output names the worker that ran it, as the handler saw it.
    const outputs = new Map(jobs.map((job) => [(job.output as { n: number }).n, (job.output as { worker: string }).worker]));
    expect(runs.every((run) => outputs.get(run.n) === run.worker)).toBe(true);
  });

  it("enqueues an effect once, however many times it is asked for", async () => {
    const again = await enqueueJob(db, { queue: queueOf(0), payload: { n: 0 }, subject: { type: SUBJECT, id: 0 } });
    expect(again).toBeNull();
    const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, SUBJECT));
    expect(rows).toHaveLength(JOBS);
  });
});
