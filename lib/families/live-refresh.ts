import { and, eq, sql } from "drizzle-orm";
import type { Database, Executor } from "@/lib/db/connect";
import { members, tenants } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import { enqueueJob } from "@/lib/jobs/outbox";
import type { PayloadOf } from "@/lib/jobs/queue";
import type { PhotosPort } from "@/lib/photos/port";
import { refreshLiveStatusQueue } from "./queues";

/** How old a family's MFA and storage figures may be before a page view asks for fresh ones. */
export const LIVE_STATUS_MAX_AGE_MS = 5 * 60 * 1000;
/** A member not checked yet (new, or support reset their MFA) is asked for again at most this often. */
const UNCHECKED_RETRY_MS = 30 * 1000;
const MFA_LOOKUPS_AT_ONCE = 4;

export interface LiveStatusJobContext {
  db: Database;
  identity: Pick<IdentityPort, "listMfaDevices">;
  photos: Pick<PhotosPort, "forTenant">;
}

/**
 * Asks for a refresh when a member was never checked or the figures are older than
 * LIVE_STATUS_MAX_AGE_MS: at most one job per family per window, and one as soon as someone
 * is unchecked (their ids make the occurrence). Returns whether the figures are being refreshed.
 */
export async function requestLiveStatusRefresh(
  db: Executor,
  family: { id: number; tenantId: number },
  checked: { id: number; liveCheckedAt: Date | null }[],
  now = new Date(),
): Promise<boolean> {
  const unchecked = checked.filter((member) => !member.liveCheckedAt).map((member) => member.id);
  const oldest = Math.min(...checked.map((member) => member.liveCheckedAt?.getTime() ?? 0));
  if (unchecked.length === 0 && now.getTime() - oldest < LIVE_STATUS_MAX_AGE_MS) return false;
  const occurrence =
    unchecked.length > 0
      ? ["unchecked", ...unchecked, Math.floor(now.getTime() / UNCHECKED_RETRY_MS)]
      : ["window", Math.floor(now.getTime() / LIVE_STATUS_MAX_AGE_MS)];
  await enqueueJob(db, {
    queue: refreshLiveStatusQueue,
    payload: { familyId: family.id },
    subject: { type: "family", id: family.id },
    occurrence,
    tenantId: family.tenantId,
  });
  return true;
}

/**
 * The job: one usage call for the tenant and one MFA lookup per member (a few at a time), then
 * one update for the family. What could not be read keeps its last value; when nothing could
 * be read the job fails, and pg-boss retries it.
 */
export async function refreshLiveStatus(payload: PayloadOf<typeof refreshLiveStatusQueue>, context: LiveStatusJobContext) {
  const rows = await context.db
    .select({
      id: members.id,
      accountId: members.identityAccountId,
      immichUserId: members.immichUserId,
      tenant: { slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted },
    })
    .from(members)
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(and(eq(members.familyId, payload.familyId), eq(members.status, "active")));
  if (rows.length === 0) return { members: 0 };
  const usage = await context.photos
    .forTenant(rows[0]!.tenant)
    .usageByUser()
    .catch((error: unknown) => error as Error);
  const mfa = new Map<number, boolean | Error>();
  for (let start = 0; start < rows.length; start += MFA_LOOKUPS_AT_ONCE) {
    await Promise.all(
      rows.slice(start, start + MFA_LOOKUPS_AT_ONCE).map(async (row) => {
        if (!row.accountId) return;
        const devices = await context.identity.listMfaDevices(row.accountId).catch((error: unknown) => error as Error);
        mfa.set(row.id, devices instanceof Error ? devices : devices.some((device) => device.confirmed));
      }),
    );
  }
  const failures = [usage, ...mfa.values()].filter((value): value is Error => value instanceof Error);
  if (failures.length > 0 && failures.length === mfa.size + 1) throw failures[0];
  const values = rows.map((row) => {
    const enrolled = mfa.get(row.id);
    const used = usage instanceof Error || !row.immichUserId ? null : (usage.get(row.immichUserId) ?? 0);
    return sql`(${row.id}::int, ${typeof enrolled === "boolean" ? enrolled : null}::boolean, ${used}::bigint)`;
  });
  await context.db.execute(sql`
    update members m set
      mfa_enrolled = coalesce(v.mfa, m.mfa_enrolled),
      usage_bytes = coalesce(v.used, m.usage_bytes),
      live_checked_at = now()
    from (values ${sql.join(values, sql`, `)}) as v(id, mfa, used)
    where m.id = v.id`);
  return { members: rows.length, failures: failures.length };
}
