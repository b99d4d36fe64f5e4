import { sql } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";

const EXPIRE_BATCH = 5000;

/**
 * Scheduled (invites.expire): pending invites past their expiry become expired, so counts and
 * lists of pending invites are true without anyone writing to the family. Batches, each its own
 * short transaction, along invites_pending_expiry_idx; a family's own writes still expire its
 * invites first (lib/invites/service.ts), so a seat is never held by a dead invite.
 */
export async function expireInvites(
  _payload: Record<string, never>,
  context: { db: Database; now?: () => Date },
): Promise<{ expired: number }> {
  const now = context.now?.() ?? new Date();
  let expired = 0;
  for (;;) {
    const rows = await context.db.execute(sql`
      update invites set status = 'expired', updated_at = ${now.toISOString()}::timestamptz
      where id in (
        select id from invites
        where status = 'pending' and expires_at <= ${now.toISOString()}::timestamptz
        limit ${EXPIRE_BATCH}
        for update skip locked)
      returning id`);
    expired += rows.length;
    if (rows.length < EXPIRE_BATCH) return { expired };
  }
}
