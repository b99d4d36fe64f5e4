import "server-only";
import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { jobPayloads, type JobPayload, type QueueName } from "./queues";

export interface EnqueueRequest<Q extends QueueName> {
  queue: Q;
  payload: JobPayload<Q>;
  /** Deterministic: the same effect is enqueued once, however often the cause is retried. */
  dedupeKey: string;
  subject: { type: string; id: string | number };
  tenantId?: number | null;
}

/**
 * Records a job in the transaction of the change that causes it; the dispatcher hands it
 * to the queue after commit. Returns the job id (also the queue job's id).
 */
export async function enqueueJob<Q extends QueueName>(tx: Executor, request: EnqueueRequest<Q>): Promise<string | null> {
  const payload = jobPayloads[request.queue].parse(request.payload);
  const [row] = await tx
    .insert(outboxJobs)
    .values({
      queue: request.queue,
      payload,
      dedupeKey: request.dedupeKey,
      subjectType: request.subject.type,
      subjectId: String(request.subject.id),
      tenantId: request.tenantId ?? null,
    })
    .onConflictDoNothing({ target: outboxJobs.dedupeKey })
    .returning({ id: outboxJobs.id });
  return row?.id ?? null;
}
