import { and, eq, inArray, lte } from "drizzle-orm";
import { systemActor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/connect";
import { families } from "@/lib/db/schema";

export interface FamilyJobContext {
  db: Database;
  now?: () => Date;
}

const PURGE_BATCH = 100;

/**
 * Purges closed families whose restore window is over: the family row and, by cascade, its
 * members and invites. The members left through the queue when the family was closed; the
 * audit history stays (its rows lose only their link to the family).
 */
export async function purgeClosedFamilies(_payload: Record<string, never>, context: FamilyJobContext): Promise<{ purged: number }> {
  const now = context.now?.() ?? new Date();
  return context.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: families.id, tenantId: families.tenantId, name: families.name, closedAt: families.closedAt })
      .from(families)
      .where(and(eq(families.status, "closed"), lte(families.restorableUntil, now)))
      .limit(PURGE_BATCH)
      .for("update", { skipLocked: true });
    for (const family of due) {
      await recordAudit(tx, systemActor("purge of closed families"), {
        action: "family.purge",
        tenantId: family.tenantId,
        familyId: family.id,
        entity: { type: "family", id: family.id },
        before: { name: family.name, closedAt: family.closedAt },
      });
    }
    if (due.length > 0)
      await tx.delete(families).where(
        inArray(
          families.id,
          due.map((family) => family.id),
        ),
      );
    return { purged: due.length };
  });
}
