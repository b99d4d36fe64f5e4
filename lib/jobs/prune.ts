import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "@/lib/db/connect";
import { defineQueue } from "./queue";

/** Finished jobs are kept this long for pages and support, then pruned. */
export const OUTBOX_RETENTION_DAYS = 30;
const PRUNE_BATCH = 10_000;

/** Every night: the outbox forgets jobs finished more than OUTBOX_RETENTION_DAYS ago. */
export const pruneOutboxQueue = defineQueue({
  name: "jobs.prune-outbox",
  label: "jobs.pruneOutbox",
  schedule: "41 3 * * *",
  payload: z.object({}),
});

/**
 * Deletes finished rows (outbox_finished_idx), and dispatched rows as old whose pg-boss job is
 * gone (a job pg-boss expired without the worker recording how it ended). In batches, so the
 * table is never locked for long. Their dedupe keys go with them: every effect's key names
 * its subject and occurrence, and none is enqueued again a month later.
 */
export async function pruneOutbox(_payload: Record<string, never>, context: { db: Database }): Promise<{ pruned: number }> {
  const cutoff = sql`now() - make_interval(days => ${OUTBOX_RETENTION_DAYS})`;
  let pruned = 0;
  for (const stale of [
    sql`finished_at is not null and finished_at < ${cutoff}`,
    sql`status = 'dispatched' and created_at < ${cutoff}
        and not exists (select 1 from pgboss.job j where j.name = outbox_jobs.queue and j.id = outbox_jobs.id)`,
  ]) {
    for (;;) {
      const rows = await context.db.execute(sql`
        delete from outbox_jobs where id in (select id from outbox_jobs where ${stale} limit ${PRUNE_BATCH}) returning id`);
      pruned += rows.length;
      if (rows.length < PRUNE_BATCH) break;
    }
  }
  return { pruned };
}
