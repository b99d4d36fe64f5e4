import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Every portal session, so the server can end one: the session cookie (a JWT) carries only
 * this row's id, and a session is valid while its row is neither revoked nor past `expiresAt`.
 */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    sub: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The absolute end: however active, the person signs in again after it. */
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    /** Why it ended early: sign-out, removed from their last family, no longer staff... */
    revokedReason: text(),
  },
  (t) => [
    index("portal_sessions_live_by_sub_idx")
      .on(t.sub)
      .where(sql`${t.revokedAt} is null`),
  ],
);
