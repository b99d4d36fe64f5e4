import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { bossJobs } from "./boss-tables";
import { message } from "@/lib/i18n/message";
import { recordRetried } from "./outcome";

/** An operator sends a failed job back to the queue; its retry count starts again. */
export async function retryFailedJob(db: Database, boss: PgBoss, jobId: string, actor: Actor): Promise<void> {
  const [job] = await db
    .select({ queue: outboxJobs.queue, tenantId: outboxJobs.tenantId, state: bossJobs.state })
    .from(outboxJobs)
    .innerJoin(bossJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(eq(outboxJobs.id, jobId));
  if (!job || job.state !== "failed") throw new NotFoundError(message("errors.jobNotFailed"));
  await boss.retry(job.queue, jobId);
  await recordRetried(db, jobId);
  await recordAudit(db, actor, {
    action: "job.retry",
    tenantId: job.tenantId,
    entity: { type: "job", id: jobId },
    after: { queue: job.queue },
  });
}
