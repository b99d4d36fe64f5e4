import { integer, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Read-only view of the columns of pg-boss's job table that pages show. pg-boss owns and
 * migrates this table; it is deliberately outside lib/db/schema so drizzle-kit never touches it.
 */
export const pgboss = pgSchema("pgboss");

export const bossJobs = pgboss.table("job", {
  id: uuid("id").notNull(),
  name: text("name").notNull(),
  state: text("state").notNull(),
  retryCount: integer("retry_count").notNull(),
  retryLimit: integer("retry_limit").notNull(),
  output: jsonb("output"),
  createdOn: timestamp("created_on", { withTimezone: true }).notNull(),
  startedOn: timestamp("started_on", { withTimezone: true }),
  completedOn: timestamp("completed_on", { withTimezone: true }),
  startAfter: timestamp("start_after", { withTimezone: true }).notNull(),
});

/** pg-boss's queue rows: its supervisor caches each queue's counts here (monitorIntervalSeconds). */
export const bossQueues = pgboss.table("queue", {
  name: text("name").notNull(),
  queuedCount: integer("queued_count").notNull(),
  activeCount: integer("active_count").notNull(),
  failedCount: integer("failed_count").notNull(),
  totalCount: integer("total_count").notNull(),
  monitorOn: timestamp("monitor_on", { withTimezone: true }),
});
