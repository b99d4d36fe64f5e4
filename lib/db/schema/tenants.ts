import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenantStatus } from "./enums";

export const tenants = pgTable(
  "tenants",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull(),
    displayName: text().notNull(),
    immichUrl: text().notNull(),
    /** AES-256-GCM envelope (see lib/crypto); never selected into anything sent to a browser. */
    immichApiKeyEncrypted: text(),
    /** The tenant's Immich OAuth client at the identity provider; the secret sealed like the key. */
    immichOauthClientId: text(),
    immichOauthClientSecretEncrypted: text(),
    identityGroupName: text().notNull(),
    identityGroupId: text(),
    status: tenantStatus().notNull().default("active"),
    defaultFamilyStorageBytes: bigint({ mode: "number" }).notNull().default(0),
    seatLimit: integer().notNull().default(6),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    check("tenants_slug_dns_label", sql`${t.slug} ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'`),
    check("tenants_seat_limit_positive", sql`${t.seatLimit} > 0`),
  ],
);

export type Tenant = typeof tenants.$inferSelect;
