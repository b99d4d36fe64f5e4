import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { outboxStatus } from "./enums";
import { tenants } from "./tenants";

/**
 * Transactional outbox: a side effect on Authentik, Immich or mail is written here in
 * the same transaction as the change that causes it, then handed to the job queue.
 * `id` becomes the queue job's id, so a page can follow the job by it.
 */
export const outboxJobs = pgTable(
  "outbox_jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    tenantId: integer().references(() => tenants.id, { onDelete: "cascade" }),
    queue: text().notNull(),
    payload: jsonb().notNull(),
    /** Deterministic key of the effect (e.g. `immich.create-user:member:42`), enqueued once. */
    dedupeKey: text().notNull(),
    subjectType: text().notNull(),
    subjectId: text().notNull(),
    status: outboxStatus().notNull().default("pending"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true }),
    /** When the job completed or failed for good; finished rows are pruned after a while (lib/jobs/prune.ts). */
    finishedAt: timestamp({ withTimezone: true }),
    /** The last attempt's error, kept while the job retries or after it failed; cleared when it completes. */
    lastError: text(),
    lastFailedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("outbox_dedupe_key").on(t.dedupeKey),
    index("outbox_pending_idx").on(t.status, t.createdAt),
    index("outbox_subject_idx").on(t.subjectType, t.subjectId),
    // The operator's troubled jobs: retrying or failed, newest first (few rows, whatever the history).
    index("outbox_troubled_idx")
      .on(t.lastFailedAt.desc())
      .where(sql`${t.lastError} is not null`),
    index("outbox_finished_idx")
      .on(t.finishedAt)
      .where(sql`${t.finishedAt} is not null`),
  ],
);
