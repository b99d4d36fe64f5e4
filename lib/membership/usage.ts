import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";

export interface FamilyUsage {
  activeMembers: number;
  pendingInvites: number;
  /** Quotas given to active members plus those held by pending invites (null counts as 0). */
  allocatedBytes: number;
}

/**
 * What a family uses of its seats and storage, in one query; run it under the family row's
 * lock when a decision depends on it. `exceptMemberId` leaves one member's quota out (to
 * re-decide that member's quota).
 */
export async function familyUsage(tx: Executor, familyId: number, options: { exceptMemberId?: number } = {}): Promise<FamilyUsage> {
  const except = options.exceptMemberId ?? 0;
  const [row] = (await tx.execute(sql`
    select
      (select count(*) from members m where m.family_id = ${familyId} and m.status = 'active')::int as "activeMembers",
      (select count(*) from invites i where i.family_id = ${familyId} and i.status = 'pending')::int as "pendingInvites",
      (coalesce((select sum(m.quota_bytes) from members m where m.family_id = ${familyId} and m.status = 'active' and m.id <> ${except}), 0)
        + coalesce((select sum(i.quota_bytes) from invites i where i.family_id = ${familyId} and i.status = 'pending'), 0))::bigint as "allocated"
  `)) as unknown as { activeMembers: number; pendingInvites: number; allocated: string }[];
  return { activeMembers: row!.activeMembers, pendingInvites: row!.pendingInvites, allocatedBytes: Number(row!.allocated) };
}
