import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { familyRole, inviteStatus } from "./enums";
import { families } from "./families";
import { members } from "./members";
import { tenants } from "./tenants";

/** A pending offer to join a family. The token itself is never stored, only its SHA-256. */
export const invites = pgTable(
  "invites",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "restrict" }),
    familyId: integer()
      .notNull()
      .references(() => families.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: familyRole().notNull(),
    quotaBytes: bigint({ mode: "number" }),
    locale: text().notNull().default("en"),
    tokenHash: text().notNull(),
    status: inviteStatus().notNull().default("pending"),
    invitedByMemberId: integer().references(() => members.id, { onDelete: "set null" }),
    acceptedMemberId: integer().references(() => members.id, { onDelete: "set null" }),
    identityInvitationId: text(),
    /** Bumped by every resend: each send has its own token and its own deduplicated jobs. */
    sendCount: integer().notNull().default(1),
    mailSentAt: timestamp({ withTimezone: true }),
    /** The mail server refused this address for good (SMTP 5xx): not retried; the family page says so. */
    mailFailedAt: timestamp({ withTimezone: true }),
    mailFailure: text(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("invites_token_hash_key").on(t.tokenHash),
    uniqueIndex("invites_one_pending_per_email")
      .on(t.familyId, sql`lower(${t.email})`)
      .where(sql`${t.status} = 'pending'`),
    // The dashboard's pending counts and the scheduled expiry (lib/invites/jobs.ts).
    index("invites_pending_tenant_idx")
      .on(t.tenantId)
      .where(sql`${t.status} = 'pending'`),
    index("invites_pending_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending'`),
    index("invites_family_created_idx").on(t.familyId, t.createdAt),
    index("invites_tenant_email_idx").on(t.tenantId, sql`lower(${t.email})`),
    // Support's account review: the invitations a person received (any tenant) and sent.
    index("invites_email_idx").on(sql`lower(${t.email})`),
    index("invites_invited_by_idx").on(t.invitedByMemberId),
  ],
);

export type Invite = typeof invites.$inferSelect;
