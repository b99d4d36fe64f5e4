import { withLogContext } from "@/lib/observability/context";
import { logger } from "@/lib/observability/logger";
import { metrics, secondsSince } from "@/lib/observability/metrics";
import { contextFromTraceparent, inSpan, SpanKind } from "@/lib/observability/tracing";
import type { Carried } from "./carried";

const log = logger("jobs");

export interface JobAttempt {
  id: string;
  /** The name it was worked under (its queue's, or a former one). */
  name: string;
  retryCount: number;
}

/**
 * One attempt of a job: its id, queue and the request id it carried in every log line, a
 * consumer span whose parent is the span that enqueued it, and its duration by outcome.
 */
export function observeJob<T>(job: JobAttempt, carried: Carried, body: () => Promise<T>): Promise<T> {
  const attempt = job.retryCount + 1;
  const fields = { jobId: job.id, queue: job.name, ...(carried.requestId ? { requestId: carried.requestId } : {}) };
  const attributes = {
    "messaging.system": "pg-boss",
    "messaging.destination.name": job.name,
    "messaging.message.id": job.id,
    "castello.job.attempt": attempt,
  };
  return withLogContext(fields, () =>
    inSpan(`job ${job.name}`, { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(carried.traceparent), attributes }, async () => {
      const started = performance.now();
      log.debug("job started", { attempt });
      try {
        const result = await body();
        metrics().jobRuns.observe({ queue: job.name, outcome: "completed" }, secondsSince(started));
        log.info("job completed", { attempt, durationMs: Math.round(secondsSince(started) * 1000) });
        return result;
      } catch (error) {
        metrics().jobRuns.observe({ queue: job.name, outcome: "failed" }, secondsSince(started));
        log.warn("job failed (pg-boss retries it until its retry limit)", { attempt, error });
        throw error;
      }
    }),
  );
}
