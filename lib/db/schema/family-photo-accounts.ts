import { sql } from "drizzle-orm";
import { integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { families } from "./families";
import { tenants } from "./tenants";

/** The photo accounts Castello keeps for a family in the shared-library mode (docs/sharing.md). */
export const FAMILY_PHOTO_ACCOUNT_KINDS = ["library", "guest"] as const;
export type FamilyPhotoAccountKind = (typeof FAMILY_PHOTO_ACCOUNT_KINDS)[number];
export const familyPhotoAccountKind = pgEnum("family_photo_account_kind", FAMILY_PHOTO_ACCOUNT_KINDS);

export const familyPhotoAccounts = pgTable(
  "family_photo_accounts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    tenantId: integer()
      .notNull()
      .references(() => tenants.id, { onDelete: "restrict" }),
    familyId: integer()
      .notNull()
      .references(() => families.id, { onDelete: "cascade" }),
    kind: familyPhotoAccountKind().notNull(),
    /** The OIDC subject the tenant's client presents for everyone who signs in to this account. */
    subject: text().notNull(),
    /** Under a domain reserved never to deliver (RFC 2606 `.invalid`): nobody's real address. */
    email: text().notNull(),
    name: text().notNull(),
    /** Castello signs in as the account (partner sharing, ending its sessions); sealed with its own AAD. */
    passwordEncrypted: text().notNull(),
    /** Set once the photo server has the user. */
    immichUserId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("family_photo_accounts_family_kind_key").on(t.familyId, t.kind),
    uniqueIndex("family_photo_accounts_subject_key").on(t.subject),
    uniqueIndex("family_photo_accounts_email_key").on(t.tenantId, sql`lower(${t.email})`),
  ],
);

export type FamilyPhotoAccount = typeof familyPhotoAccounts.$inferSelect;
