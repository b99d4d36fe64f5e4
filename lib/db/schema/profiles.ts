import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A person's own preferences, across every family and tenant they are in: keyed by the
 * OIDC `sub`, as members are. Read at sign-in to set the language cookie on a new browser.
 */
export const profiles = pgTable("profiles", {
  identitySub: text().primaryKey(),
  /** A code of lib/i18n/locales; null until the person picks a language. */
  locale: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type Profile = typeof profiles.$inferSelect;
