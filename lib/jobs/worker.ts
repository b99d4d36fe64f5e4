import type { PgBoss } from "pg-boss";
import { startBoss, ensureQueues } from "./boss";
import { dispatchOutbox } from "./dispatcher";
import type { JobContext } from "./handlers/context";
import { runJob } from "./handlers";
import { DEFAULT_RETRY_POLICY, QUEUE_NAMES, type RetryPolicy } from "./queues";

export interface WorkerOptions {
  databaseUrl: string;
  context: JobContext;
  policy?: RetryPolicy;
  dispatchIntervalMs?: number;
  pollingIntervalSeconds?: number;
  superviseIntervalSeconds?: number;
}

export interface Worker {
  boss: PgBoss;
  /** Graceful: lets running jobs finish. `graceful: false` simulates a crash. */
  stop: (options?: { graceful?: boolean }) => Promise<void>;
}

/**
 * Runs every queue's handler and the outbox dispatcher. Runs inside the server in
 * development and as `npm run worker` in production; any number may run at once, since
 * pg-boss hands each job to one worker only.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const boss = await startBoss({ databaseUrl: options.databaseUrl, supervise: true, superviseIntervalSeconds: options.superviseIntervalSeconds });
  await ensureQueues(boss, options.policy ?? DEFAULT_RETRY_POLICY);
  for (const queue of QUEUE_NAMES) {
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async ([job]) => {
      if (!job) return undefined;
      return runJob(queue, job.data, options.context);
    });
  }
  let dispatching = false;
  const dispatch = async () => {
    if (dispatching) return;
    dispatching = true;
    try {
      await dispatchOutbox(options.context.db, boss);
    } catch (error) {
      console.error("[jobs] dispatch failed:", (error as Error).message);
    } finally {
      dispatching = false;
    }
  };
  await dispatch();
  const timer = setInterval(dispatch, options.dispatchIntervalMs ?? 500);
  return {
    boss,
    stop: async ({ graceful = true } = {}) => {
      clearInterval(timer);
      await boss.stop({ graceful, timeout: graceful ? 10_000 : 1 });
    },
  };
}
