import type { PgBoss } from "pg-boss";
import type { Database } from "@/lib/db/connect";
import { IntegrationError } from "@/lib/integrations/errors";
import { logger } from "@/lib/observability/logger";
import { ensureQueues, startBoss } from "./boss";
import { splitCarried } from "./carried";
import { DISPATCH_BATCH, dispatchOutbox } from "./dispatcher";
import { observeJob, type JobAttempt } from "./observe";
import { recordCompleted, recordFailure } from "./outcome";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./policy";
import { queueNames, type RegisteredQueue } from "./queue";

export interface WorkerOptions<C extends { db: Database }> {
  databaseUrl: string;
  context: C;
  queues: readonly RegisteredQueue<C>[];
  policy?: RetryPolicy;
  dispatchIntervalMs?: number;
  pollingIntervalSeconds?: number;
  superviseIntervalSeconds?: number;
  monitorIntervalSeconds?: number;
  /** Jobs of one queue this worker runs at once (pg-boss localConcurrency). */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 2;

export interface Worker {
  boss: PgBoss;
  /** Graceful: lets running jobs finish. `graceful: false` simulates a crash. */
  stop: (options?: { graceful?: boolean }) => Promise<void>;
}

const log = logger("jobs");

/**
 * Validates the payload, then runs the queue's handler. A thrown error makes pg-boss retry
 * with backoff; its message (kept on the job, shown to operators) is the readable one.
 */
export async function runJob<C>(registered: RegisteredQueue<C>, data: unknown, context: C, attempt?: JobAttempt): Promise<unknown> {
  const { payload: raw, carried } = splitCarried(data);
  const run = async () => {
    const payload = registered.queue.payload.parse(raw);
    try {
      return await (registered.handler as (payload: unknown, context: C) => Promise<unknown>)(payload, context);
    } catch (error) {
      if (error instanceof IntegrationError) throw new Error(error.userMessage, { cause: error });
      throw error;
    }
  };
  return attempt ? observeJob(attempt, carried, run) : run();
}

/**
 * Runs every queue's handler and the outbox dispatcher. Runs inside the server in
 * development and as `npm run worker` in production; any number may run at once, since
 * pg-boss hands each job to one worker only.
 */
export async function startWorker<C extends { db: Database }>(options: WorkerOptions<C>): Promise<Worker> {
  const boss = await startBoss({
    databaseUrl: options.databaseUrl,
    supervise: true,
    schedule: true,
    superviseIntervalSeconds: options.superviseIntervalSeconds,
    monitorIntervalSeconds: options.monitorIntervalSeconds,
  });
  const names = options.queues.flatMap((registered) => queueNames(registered.queue).map((name) => ({ name, registered })));
  await ensureQueues(
    boss,
    names.map((entry) => entry.name),
    options.policy ?? DEFAULT_RETRY_POLICY,
  );
  for (const { queue } of options.queues) {
    if (queue.schedule) await boss.schedule(queue.name, queue.schedule, {}, { tz: "UTC" });
  }
  const db = options.context.db;
  const workOptions = {
    batchSize: 1,
    includeMetadata: true as const,
    localConcurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
  };
  for (const { name, registered } of names) {
    await boss.work(name, workOptions, async ([job]) => {
      if (!job) return undefined;
      try {
        const output = await runJob(registered, job.data, options.context, job);
        await recordCompleted(db, job.id);
        return output;
      } catch (error) {
        const final = job.retryCount >= job.retryLimit;
        await recordFailure(db, job.id, error instanceof Error ? error.message : String(error), final).catch((failure: unknown) =>
          log.error("job outcome not recorded", { error: failure }),
        );
        throw error;
      }
    });
  }
  let dispatching = false;
  // Drains while there is work: a full batch is followed by the next at once.
  const dispatch = async () => {
    if (dispatching) return;
    dispatching = true;
    try {
      while ((await dispatchOutbox(db, boss)) === DISPATCH_BATCH && !stopped);
    } catch (error) {
      log.error("outbox dispatch failed", { error });
    } finally {
      dispatching = false;
    }
  };
  let stopped = false;
  await dispatch();
  const timer = setInterval(dispatch, options.dispatchIntervalMs ?? 500);
  return {
    boss,
    stop: async ({ graceful = true } = {}) => {
      stopped = true;
      clearInterval(timer);
      await boss.stop({ graceful, timeout: graceful ? 10_000 : 1 });
    },
  };
}
