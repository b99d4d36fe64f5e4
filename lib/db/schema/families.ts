import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { familyStatus, immichRemovalPolicy, sharingMode } from "./enums";
import { tenants } from "./tenants";

export const families = pgTable(
  "families",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "restrict" }),
    name: text().notNull(),
    status: familyStatus().notNull().default("active"),
    closedAt: timestamp({ withTimezone: true }),
    /** A closed family can be restored until then. */
    restorableUntil: timestamp({ withTimezone: true }),
    sharingMode: sharingMode().notNull().default("individual"),
    /** The mode before the last switch, and when it happened: the owner can switch back (undo). */
    previousSharingMode: sharingMode(),
    sharingModeChangedAt: timestamp({ withTimezone: true }),
    storageAllowanceBytes: bigint({ mode: "number" }).notNull(),
    /** Its own seat limit; null follows the tenant's (see `familySeatLimit`). */
    seatLimit: integer(),
    immichRemovalPolicy: immichRemovalPolicy().notNull().default("soft_delete"),
    /** The language of its mails when the inviter picks none (a code of lib/i18n/locales). */
    defaultLocale: text().notNull().default("en"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("families_tenant_idx").on(t.tenantId, t.id), check("families_seat_limit_positive", sql`${t.seatLimit} > 0`)],
);

export type Family = typeof families.$inferSelect;

/** The seats a family has: its own limit, else its tenant's (a query that selects it joins `tenants`). */
export const familySeatLimit = sql<number>`coalesce(${families.seatLimit}, ${tenants.seatLimit})`.mapWith(Number);
