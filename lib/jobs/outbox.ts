import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { withCarried } from "./carried";
import { dedupeKey } from "./dedupe";
import type { QueueDefinition } from "./queue";

export interface EnqueueRequest<P> {
  queue: QueueDefinition<P>;
  payload: P;
  subject: { type: string; id: string | number };
  /** What makes this occurrence distinct (see dedupeKey); the same parts enqueue once. */
  occurrence?: (string | number | Date)[];
  tenantId?: number | null;
}

/**
 * Records a job in the transaction of the change that causes it; the dispatcher hands it
 * to the queue after commit. Returns the job id (also the queue job's id), or null when
 * the same effect was already enqueued. The row also carries the request id and trace (carried.ts).
 */
export async function enqueueJob<P>(tx: Executor, request: EnqueueRequest<P>): Promise<string | null> {
  const [id] = await enqueueJobs(tx, [request]);
  return id ?? null;
}

/**
 * Several jobs in one statement (an invite list's sendings): the ids of those newly enqueued,
 * in no particular order; an effect already enqueued is skipped, as enqueueJob skips it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each request keeps its own queue's payload type
export async function enqueueJobs(tx: Executor, requests: EnqueueRequest<any>[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const rows = await tx
    .insert(outboxJobs)
    .values(
      requests.map((request) => ({
        queue: request.queue.name,
        payload: withCarried(request.queue.payload.parse(request.payload)) as object,
        dedupeKey: dedupeKey(request.queue.name, request.subject, ...(request.occurrence ?? [])),
        subjectType: request.subject.type,
        subjectId: String(request.subject.id),
        tenantId: request.tenantId ?? null,
      })),
    )
    .onConflictDoNothing({ target: outboxJobs.dedupeKey })
    .returning({ id: outboxJobs.id });
  return rows.map((row) => row.id);
}
