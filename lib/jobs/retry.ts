import { and, eq } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";
import { auditEvents, outboxJobs } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { PgBoss } from "pg-boss";
import { bossJobs } from "./boss-tables";

/** An operator sends a failed job back to the queue; its retry count starts again. */
export async function retryFailedJob(db: Database, boss: PgBoss, jobId: string, actor: { actorSub: string; actorLabel: string }): Promise<void> {
  const [job] = await db
    .select({ queue: outboxJobs.queue, tenantId: outboxJobs.tenantId, state: bossJobs.state })
    .from(outboxJobs)
    .innerJoin(bossJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(eq(outboxJobs.id, jobId));
  if (!job || job.state !== "failed") throw new NotFoundError("This job is not failed (it may have been retried already).");
  await boss.retry(job.queue, jobId);
  await db.insert(auditEvents).values({
    tenantId: job.tenantId,
    actorType: "operator",
    actorSub: actor.actorSub,
    actorLabel: actor.actorLabel,
    action: "job.retry",
    entityType: "job",
    entityId: jobId,
    after: { queue: job.queue },
  });
}
