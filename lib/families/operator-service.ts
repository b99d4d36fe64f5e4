import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/connect";
import { families, members, tenants, type Family } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { enqueueJob } from "@/lib/jobs/outbox";
import { familyUsage } from "@/lib/membership/usage";
import { joinSteps } from "@/lib/provisioning/plan";
import { removeMemberFromGroupQueue, syncFamilyPhotosQueue } from "@/lib/provisioning/queues";
import { wholeGb } from "@/lib/storage/bytes";
import type { FamilyLimitsInput, FamilyStatusInput } from "./input";

/** Operators run families; the action checks the area, the verb checks the actor it was given. */
function requireOperator(actor: Actor): void {
  if (actor.type !== "operator") throw new ForbiddenError(message("errors.roleForbids"));
}

async function lockFamily(tx: Database, familyId: number) {
  const [row] = await tx
    .select({ family: families, tenantSeatLimit: tenants.seatLimit })
    .from(families)
    .innerJoin(tenants, eq(tenants.id, families.tenantId))
    .where(eq(families.id, familyId))
    .for("update", { of: families });
  if (!row) throw new NotFoundError(message("errors.noSuchFamily"));
  return row;
}

/** A family's storage allowance and seats, never below what its members and pending invites hold. */
export async function changeFamilyLimits(
  { actor, input }: { actor: Actor; input: FamilyLimitsInput },
  deps: { db: Database; now?: () => Date },
): Promise<Family> {
  requireOperator(actor);
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const { family, tenantSeatLimit } = await lockFamily(tx as unknown as Database, input.familyId);
    const usage = await familyUsage(tx, family.id);
    const allowance = input.storageAllowanceBytes;
    const seats = input.seatLimit;
    if (allowance < usage.allocatedBytes) {
      throw new LimitExceededError(message("errors.allowanceBelowUse", { given: `${wholeGb(usage.allocatedBytes)} GB` }), "storageGb");
    }
    if (seats < usage.activeMembers + usage.pendingInvites) {
      throw new LimitExceededError(message("errors.seatsBelowUse", { used: usage.activeMembers + usage.pendingInvites }), "seatLimit");
    }
    const before = { storageAllowanceBytes: family.storageAllowanceBytes, seatLimit: family.seatLimit ?? tenantSeatLimit };
    const [updated] = await tx
      .update(families)
      .set({ storageAllowanceBytes: allowance, seatLimit: seats, updatedAt: now })
      .where(eq(families.id, family.id))
      .returning();
    const change = await recordAudit(tx, actor, {
      action: "family.limits.change",
      tenantId: family.tenantId,
      familyId: family.id,
      entity: { type: "family", id: family.id },
      before,
      after: { storageAllowanceBytes: allowance, seatLimit: seats },
    });
    // The family library's quota is the allowance: one member's photo-access sync sets it.
    if (family.sharingMode === "shared_library" && allowance !== family.storageAllowanceBytes) {
      const [owner] = await tx
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.familyId, family.id), eq(members.role, "owner"), eq(members.status, "active")));
      if (owner) {
        await enqueueJob(tx, {
          queue: syncFamilyPhotosQueue,
          payload: { memberId: owner.id },
          subject: { type: "member", id: owner.id },
          occurrence: ["audit", change],
          tenantId: family.tenantId,
        });
      }
    }
    return updated!;
  });
}

/**
 * Suspends or reactivates a family. Suspended, its members keep their rows but lose the
 * family page, and leave the tenant's group (so Immich, behind Authentik, follows) through
 * the queue; reactivated, they are put back and their photos accounts checked.
 */
export async function setFamilyStatus(
  { actor, input }: { actor: Actor; input: FamilyStatusInput },
  deps: { db: Database; now?: () => Date },
): Promise<Family> {
  requireOperator(actor);
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const { family } = await lockFamily(tx as unknown as Database, input.familyId);
    if (family.status === input.status) return family;
    if (family.status === "closed") throw new ConflictError(message("errors.familyClosed"));
    const [updated] = await tx.update(families).set({ status: input.status, updatedAt: now }).where(eq(families.id, family.id)).returning();
    const auditId = await recordAudit(tx, actor, {
      action: input.status === "suspended" ? "family.suspend" : "family.resume",
      tenantId: family.tenantId,
      familyId: family.id,
      entity: { type: "family", id: family.id },
      before: { status: family.status },
      after: { status: input.status },
      reason: input.reason,
    });
    const active = await tx
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.familyId, family.id), eq(members.status, "active")));
    const queues =
      input.status === "suspended" ? [removeMemberFromGroupQueue] : joinSteps(family).flatMap((step) => (step.queue ? [step.queue] : []));
    for (const member of active) {
      for (const queue of queues) {
        await enqueueJob(tx, {
          queue,
          payload: { memberId: member.id },
          subject: { type: "member", id: member.id },
          occurrence: ["audit", auditId],
          tenantId: family.tenantId,
        });
      }
    }
    return updated!;
  });
}
