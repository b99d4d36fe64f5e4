import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/connect";
import { tenantDrift, tenants } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { enqueueJob } from "@/lib/jobs/outbox";
import type { QueueDefinition } from "@/lib/jobs/queue";
import { addMemberToGroupQueue, provisionPhotosUserQueue, syncPhotosEmailQueue, updatePhotosQuotaQueue } from "@/lib/provisioning/queues";
import type { DriftKind } from "./drift";
import { checkTenantDriftQueue, removeStrayGroupMemberQueue } from "./queues";

/** The member job that puts each member-level difference right; none of them deletes anything. */
const MEMBER_FIXES: Partial<Record<DriftKind, QueueDefinition<{ memberId: number }>>> = {
  group_member_missing: addMemberToGroupQueue,
  photos_user_missing: provisionPhotosUserQueue,
  photos_user_deleted: provisionPhotosUserQueue,
  quota_differs: updatePhotosQuotaQueue,
  photos_email_differs: syncPhotosEmailQueue,
};

/** The kinds an operator may fix with a button; an unknown Immich user is only ever marked as known. */
export const FIXABLE_KINDS: readonly DriftKind[] = [...(Object.keys(MEMBER_FIXES) as DriftKind[]), "group_member_unknown"];

/**
 * Puts one open difference right through the queue, audited. The row stays open until the
 * next run no longer finds it, so the page says "fix requested" meanwhile.
 */
export async function fixDrift({ actor, tenantId, driftId }: { actor: Actor; tenantId: number; driftId: number }, deps: { db: Database }) {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(tenantDrift)
      .where(and(eq(tenantDrift.id, driftId), eq(tenantDrift.tenantId, tenantId), isNull(tenantDrift.resolvedAt)))
      .for("update");
    if (!row) throw new NotFoundError(message("errors.noSuchDrift"));
    const kind = row.kind as DriftKind;
    if (!FIXABLE_KINDS.includes(kind)) throw new ConflictError(message("errors.driftNotFixable"));
    const detail = row.detail as Record<string, string | number | null>;
    const auditId = await recordAudit(tx, actor, {
      action: "tenant.drift.fix",
      tenantId,
      familyId: null,
      entity: { type: "tenant", id: tenantId },
      after: { kind, subject: row.subjectKey, ...detail },
    });
    const memberFix = MEMBER_FIXES[kind];
    if (memberFix && row.memberId) {
      await enqueueJob(tx, {
        queue: memberFix,
        payload: { memberId: row.memberId },
        subject: { type: "member", id: row.memberId },
        occurrence: ["drift", auditId],
        tenantId,
      });
    } else if (kind === "group_member_unknown" && typeof detail.accountId === "string") {
      await enqueueJob(tx, {
        queue: removeStrayGroupMemberQueue,
        payload: { tenantId, accountId: detail.accountId },
        subject: { type: "tenant", id: tenantId },
        occurrence: ["drift", auditId],
        tenantId,
      });
    } else {
      throw new ConflictError(message("errors.driftNotFixable"));
    }
    await tx.update(tenantDrift).set({ fixRequestedAt: new Date() }).where(eq(tenantDrift.id, row.id));
  });
}

/** "This one is known": an Immich user the operator made themselves leaves the list, audited. */
export async function ignoreDrift(
  { actor, tenantId, driftId }: { actor: Actor; tenantId: number; driftId: number },
  deps: { db: Database },
) {
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(tenantDrift)
      .set({ ignoredAt: new Date() })
      .where(and(eq(tenantDrift.id, driftId), eq(tenantDrift.tenantId, tenantId), isNull(tenantDrift.resolvedAt)))
      .returning();
    if (!row) throw new NotFoundError(message("errors.noSuchDrift"));
    await recordAudit(tx, actor, {
      action: "tenant.drift.fix",
      tenantId,
      entity: { type: "tenant", id: tenantId },
      after: { kind: row.kind, subject: row.subjectKey, ignored: true },
    });
  });
}

/** "Check now": a drift run for the tenant through the queue. */
export async function requestDriftRun({ tenantId, requestedAt }: { tenantId: number; requestedAt: Date }, deps: { db: Database }) {
  await deps.db.transaction(async (tx) => {
    const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
    if (!tenant) throw new NotFoundError(message("errors.noSuchTenant"));
    await enqueueJob(tx, {
      queue: checkTenantDriftQueue,
      payload: { tenantId },
      subject: { type: "tenant", id: tenantId },
      occurrence: ["asked", requestedAt],
      tenantId,
    });
  });
}
