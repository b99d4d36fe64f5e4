import { and, eq, gt, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { portalSessions } from "@/lib/db/schema";

/** Idle: a session not used for this long ends (the cookie's own expiry, renewed on use). */
export const SESSION_IDLE_SECONDS = 2 * 60 * 60;
/** Absolute: a session ends this long after sign-in, however active (ASVS 3.3.2). */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;

export type RevokeReason = "sign-out" | "removed from their last family" | "no longer staff" | "account deactivated";

export async function openSession(db: Executor, sub: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000);
  const [row] = await db.insert(portalSessions).values({ sub, createdAt: now, expiresAt }).returning({ id: portalSessions.id });
  return { id: row!.id, expiresAt };
}

/** Whether the session with this id may still be used; an id that is no UUID is no session. */
export async function sessionIsLive(db: Executor, id: unknown, now = new Date()): Promise<boolean> {
  if (typeof id !== "string" || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return false;
  const [row] = await db
    .select({ id: portalSessions.id })
    .from(portalSessions)
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.revokedAt), gt(portalSessions.expiresAt, now)));
  return !!row;
}

export async function revokeSession(db: Executor, id: string, reason: RevokeReason, now = new Date()): Promise<void> {
  await db
    .update(portalSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.revokedAt)));
}

/** Ends every live session of a person, in the caller's transaction. */
export async function revokeSessionsOf(db: Executor, sub: string, reason: RevokeReason, now = new Date()): Promise<number> {
  const ended = await db
    .update(portalSessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(portalSessions.sub, sub), isNull(portalSessions.revokedAt)))
    .returning({ id: portalSessions.id });
  return ended.length;
}
