import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { familyRole, identityOrigin, memberStatus } from "./enums";
import { families } from "./families";
import { tenants } from "./tenants";

/**
 * A person in a family. Bound to the person by the OIDC `sub` of their Authentik
 * user, never by e-mail: the e-mail is a copy for display and search.
 */
export const members = pgTable(
  "members",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "restrict" }),
    familyId: integer()
      .notNull()
      .references(() => families.id, { onDelete: "cascade" }),
    identitySub: text().notNull(),
    /** The account's id in the identity provider (Authentik: the user pk), as text so any IdP fits. */
    identityAccountId: text(),
    /** The account's username at the provider, copied at sign-up so support can search by it. */
    identityUsername: text(),
    identityOrigin: identityOrigin().notNull().default("existing"),
    email: text().notNull(),
    displayName: text().notNull(),
    role: familyRole().notNull(),
    status: memberStatus().notNull().default("active"),
    quotaBytes: bigint({ mode: "number" }),
    immichUserId: text(),
    /** What only Authentik and Immich know, kept here by families.refresh-live-status: pages never wait on them. */
    mfaEnrolled: boolean(),
    usageBytes: bigint({ mode: "number" }),
    /** When those two were last read; null: not yet. */
    liveCheckedAt: timestamp({ withTimezone: true }),
    joinedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("members_family_sub_key").on(t.familyId, t.identitySub),
    uniqueIndex("members_one_owner_per_family")
      .on(t.familyId)
      .where(sql`${t.role} = 'owner' and ${t.status} = 'active'`),
    index("members_sub_idx").on(t.identitySub, t.status),
    index("members_identity_account_idx").on(t.identityAccountId),
    index("members_family_status_idx").on(t.familyId, t.status),
    index("members_tenant_active_idx")
      .on(t.tenantId)
      .where(sql`${t.status} = 'active'`),
    index("members_tenant_email_idx").on(t.tenantId, sql`lower(${t.email})`),
  ],
);

export type Member = typeof members.$inferSelect;
