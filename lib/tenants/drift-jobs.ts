import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { systemActor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import { families, members, tenantChecks, tenantDrift, tenants } from "@/lib/db/schema";
import { IntegrationError } from "@/lib/integrations/errors";
import { enqueueJob } from "@/lib/jobs/outbox";
import type { PayloadOf } from "@/lib/jobs/queue";
import { findDrift, type DriftFinding, type DriftMember } from "./drift";
import { tenantGroupId } from "./jobs";
import { checkTenantDriftQueue, type driftSweepQueue, type removeStrayGroupMemberQueue } from "./queues";
import { inspectWiring, type WiringJobContext } from "./wiring-jobs";

/** A member who joined this recently may still be waiting for their provisioning jobs. */
export const SETTLE_MINUTES = 15;
/** A run that started this long ago without finishing is taken to have died; another may start. */
const LEASE_MINUTES = 15;
const WRITE_BATCH = 1000;

/**
 * Takes the tenant's drift lease: at most one run at a time per tenant, whatever the number of
 * workers. False when another run holds it.
 */
async function takeLease(context: WiringJobContext, tenantId: number, startedAt: Date): Promise<boolean> {
  await context.db.insert(tenantChecks).values({ tenantId }).onConflictDoNothing();
  const taken = await context.db
    .update(tenantChecks)
    .set({ driftStartedAt: startedAt })
    .where(
      and(
        eq(tenantChecks.tenantId, tenantId),
        or(
          isNull(tenantChecks.driftStartedAt),
          sql`${tenantChecks.driftFinishedAt} >= ${tenantChecks.driftStartedAt}`,
          lt(tenantChecks.driftStartedAt, new Date(startedAt.getTime() - LEASE_MINUTES * 60_000)),
        ),
      ),
    )
    .returning({ tenantId: tenantChecks.tenantId });
  return taken.length > 0;
}

async function driftMembers(context: WiringJobContext, tenantId: number, now: Date): Promise<DriftMember[]> {
  const settledBefore = new Date(now.getTime() - SETTLE_MINUTES * 60_000);
  const rows = await context.db
    .select({
      id: members.id,
      identityAccountId: members.identityAccountId,
      email: members.email,
      quotaBytes: members.quotaBytes,
      immichUserId: members.immichUserId,
      status: members.status,
      familyStatus: families.status,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(eq(members.tenantId, tenantId));
  return rows.map((row) => ({
    id: row.id,
    identityAccountId: row.identityAccountId,
    email: row.email,
    quotaBytes: row.quotaBytes,
    immichUserId: row.immichUserId,
    holdsAccess: row.status === "active" && row.familyStatus === "active",
    settled: row.joinedAt < settledBefore,
  }));
}

/** Keeps what was found again, adds what is new, resolves what is gone; ignored findings stay ignored. */
async function storeFindings(context: WiringJobContext, tenantId: number, findings: DriftFinding[], runAt: Date) {
  await context.db.transaction(async (tx) => {
    for (let start = 0; start < findings.length; start += WRITE_BATCH) {
      const batch = findings.slice(start, start + WRITE_BATCH);
      await tx
        .insert(tenantDrift)
        .values(batch.map((finding) => ({ tenantId, ...finding, firstSeenAt: runAt, lastSeenAt: runAt })))
        .onConflictDoUpdate({
          target: [tenantDrift.tenantId, tenantDrift.kind, tenantDrift.subjectKey],
          targetWhere: isNull(tenantDrift.resolvedAt),
          set: { lastSeenAt: runAt, detail: sql`excluded.detail`, memberId: sql`excluded.member_id` },
        });
    }
    await tx
      .update(tenantDrift)
      .set({ resolvedAt: runAt })
      .where(and(eq(tenantDrift.tenantId, tenantId), isNull(tenantDrift.resolvedAt), lt(tenantDrift.lastSeenAt, runAt)));
  });
}

async function finish(context: WiringJobContext, tenantId: number, startedAt: Date, error: string | null) {
  await context.db
    .update(tenantChecks)
    .set({ driftFinishedAt: new Date(), driftError: error, driftDurationMs: Date.now() - startedAt.getTime() })
    .where(eq(tenantChecks.tenantId, tenantId));
}

/**
 * One drift run for a tenant: members ↔ group ↔ Immich users, and the OAuth wiring. Changes
 * nothing upstream; a system that does not answer ends the run with its reason, and the next
 * scheduled run tries again.
 */
export async function checkTenantDrift(payload: PayloadOf<typeof checkTenantDriftQueue>, context: WiringJobContext) {
  const [tenant] = await context.db.select().from(tenants).where(eq(tenants.id, payload.tenantId));
  if (!tenant || tenant.status !== "active") return { skipped: "no active tenant" };
  const startedAt = new Date();
  if (!(await takeLease(context, tenant.id, startedAt))) return { skipped: "another run is under way" };
  try {
    const [memberRows, groupMembers, photosUsers] = await Promise.all([
      driftMembers(context, tenant.id, startedAt),
      context.identity.listGroupMembers(await tenantGroupId(context, tenant)),
      context.photos.forTenant(tenant).listUsers(),
    ]);
    const findings = findDrift({ members: memberRows, groupMembers, photosUsers });
    await storeFindings(context, tenant.id, findings, startedAt);
    await inspectWiring(context, tenant);
    await finish(context, tenant.id, startedAt, null);
    return { findings: findings.length, members: memberRows.length };
  } catch (error) {
    await finish(context, tenant.id, startedAt, error instanceof IntegrationError ? error.userMessage : "unexpected error");
    if (error instanceof IntegrationError) return { skipped: error.userMessage };
    throw error;
  }
}

/** The half-hourly sweep: one drift job per active tenant, once per half hour whatever the retries. */
export async function sweepDrift(_payload: PayloadOf<typeof driftSweepQueue>, context: Pick<WiringJobContext, "db">) {
  const slot = Math.floor(Date.now() / (30 * 60_000));
  const active = await context.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.status, "active"));
  await context.db.transaction(async (tx) => {
    for (const tenant of active) {
      await enqueueJob(tx, {
        queue: checkTenantDriftQueue,
        payload: { tenantId: tenant.id },
        subject: { type: "tenant", id: tenant.id },
        occurrence: ["sweep", slot],
        tenantId: tenant.id,
      });
    }
  });
  return { tenants: active.length };
}

/** Out of the group, unless someone made the account a member in the meantime. */
export async function removeStrayGroupMember(payload: PayloadOf<typeof removeStrayGroupMemberQueue>, context: WiringJobContext) {
  const [tenant] = await context.db.select().from(tenants).where(eq(tenants.id, payload.tenantId));
  if (!tenant?.identityGroupId) return { skipped: "tenant has no group" };
  const [held] = await context.db
    .select({ id: members.id })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .where(
      and(
        eq(members.tenantId, tenant.id),
        eq(members.identityAccountId, payload.accountId),
        eq(members.status, "active"),
        eq(families.status, "active"),
      ),
    );
  if (held) return { skipped: "the account is a member now" };
  await context.identity.removeFromGroup(tenant.identityGroupId, payload.accountId);
  await recordAudit(context.db, systemActor("job queue"), {
    action: "tenant.drift.fix",
    tenantId: tenant.id,
    entity: { type: "tenant", id: tenant.id },
    after: { kind: "group_member_unknown", accountId: payload.accountId, done: true },
  });
}
