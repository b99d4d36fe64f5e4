import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";
import { members } from "./members";

/**
 * The last look at a tenant's OAuth wiring and the last drift run, so the operator's page
 * reads them from here instead of asking Authentik and Immich on every render.
 */
export const tenantChecks = pgTable("tenant_checks", {
  tenantId: integer()
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  /** WiringReport (lib/tenants/wiring.ts); null until first checked. */
  wiring: jsonb(),
  wiringCheckedAt: timestamp({ withTimezone: true }),
  driftStartedAt: timestamp({ withTimezone: true }),
  driftFinishedAt: timestamp({ withTimezone: true }),
  /** Why the last drift run could not finish (a system not answering), in English for the log. */
  driftError: text(),
  driftDurationMs: integer(),
  /** PhotosHealth (lib/photos/port.ts) from the last ping, refreshed every minute by tenant.refresh-overview. */
  photosHealth: jsonb(),
  photosHealthCheckedAt: timestamp({ withTimezone: true }),
  /** The dashboard's counts, recounted by the same job: the page reads 20 rows, not 700,000. */
  familiesCount: integer(),
  activeMembersCount: integer(),
  pendingInvitesCount: integer(),
  countedAt: timestamp({ withTimezone: true }),
});

/**
 * One difference the drift run found between Castello, the tenant's group and its Immich. A run
 * keeps the ones it finds again (`lastSeenAt`) and resolves the ones it no longer finds.
 */
export const tenantDrift = pgTable(
  "tenant_drift",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    /** What the difference is about, unique per kind: a member id, an account id, an Immich user id. */
    subjectKey: text().notNull(),
    memberId: integer().references(() => members.id, { onDelete: "cascade" }),
    detail: jsonb().notNull().default({}),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
    /** An operator asked for the fix; the next run shows whether it took. */
    fixRequestedAt: timestamp({ withTimezone: true }),
    /** An operator said this one is known (an Immich user they made themselves): runs keep it out of the list. */
    ignoredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("tenant_drift_open_key")
      .on(t.tenantId, t.kind, t.subjectKey)
      .where(sql`${t.resolvedAt} is null`),
    index("tenant_drift_listed_idx")
      .on(t.tenantId, t.kind, t.id)
      .where(sql`${t.resolvedAt} is null and ${t.ignoredAt} is null`),
  ],
);

export type TenantDriftRow = typeof tenantDrift.$inferSelect;
