import { PgBoss } from "pg-boss";
import { logger } from "@/lib/observability/logger";
import { DEFAULT_RETRY_POLICY, FAILED_JOB_RETENTION_SECONDS, type RetryPolicy } from "./policy";

export const BOSS_SCHEMA = "pgboss";

export interface BossOptions {
  databaseUrl: string;
  /** Only a worker supervises (expires and retries stuck jobs); the web server just sends and retries. */
  supervise?: boolean;
  superviseIntervalSeconds?: number;
  /** How often the supervisor recounts each queue (the operator dashboard reads those counts). */
  monitorIntervalSeconds?: number;
  /** Only a worker runs pg-boss's cron (queues with a `schedule`). */
  schedule?: boolean;
}

export async function startBoss(options: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    max: 4,
    supervise: options.supervise ?? false,
    schedule: options.schedule ?? false,
    ...(options.superviseIntervalSeconds ? { superviseIntervalSeconds: options.superviseIntervalSeconds } : {}),
    ...(options.monitorIntervalSeconds ? { monitorIntervalSeconds: options.monitorIntervalSeconds } : {}),
  });
  boss.on("error", (error) => logger("jobs").error("queue error", { error }));
  await boss.start();
  return boss;
}

/** Creates every queue, or updates its policy: safe on every start. */
export async function ensureQueues(boss: PgBoss, names: readonly string[], policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<void> {
  const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
  for (const name of names) {
    const options = { ...policy, retryBackoff: true, deleteAfterSeconds: FAILED_JOB_RETENTION_SECONDS };
    if (existing.has(name)) {
      // retryDelayMax can only be set when the queue is created.
      await boss.updateQueue(name, {
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelay,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds,
        deleteAfterSeconds: options.deleteAfterSeconds,
      });
    } else {
      await boss.createQueue(name, options);
    }
  }
}
