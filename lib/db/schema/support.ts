import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * People support has suspended: their identity account stays switched off (no job of a family
 * switches it back on) until support reactivates them. Keyed by the OIDC `sub`, as members are.
 */
export const supportSuspensions = pgTable("support_suspensions", {
  identitySub: text().primaryKey(),
  reason: text().notNull(),
  suspendedBySub: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A one-time recovery link support asked the identity provider for, sealed until the agent who
 * asked reveals it once; then the link is erased and only the row's dates stay.
 */
export const supportRecoveryLinks = pgTable(
  "support_recovery_links",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    identitySub: text().notNull(),
    identityAccountId: text().notNull(),
    requestedBySub: text().notNull(),
    linkSealed: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readyAt: timestamp({ withTimezone: true }),
    revealedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("support_recovery_links_person_idx").on(t.identitySub, t.requestedBySub, t.createdAt)],
);

export type SupportRecoveryLink = typeof supportRecoveryLinks.$inferSelect;
