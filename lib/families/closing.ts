import { and, eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database, Executor } from "@/lib/db/connect";
import { families, invites, members, type Family } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { enqueueInvitationDeletion } from "@/lib/invites/jobs";
import { enqueueJob } from "@/lib/jobs/outbox";
import { requireMembership } from "@/lib/membership/require";
import { departureSteps, joinSteps } from "@/lib/provisioning/plan";
import type { QueueDefinition } from "@/lib/jobs/queue";
import type { CloseFamilyInput, RestoreFamilyInput } from "./input";

/** How long a closed family can be restored. */
export const FAMILY_RESTORE_DAYS = 14;

/** The typed confirmation: the family's name, as the owner sees it (case and spaces aside). */
export function confirmsName(typed: string, name: string): boolean {
  const normal = (value: string) => value.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return normal(typed) === normal(name);
}

async function enqueueForMembers(tx: Executor, family: Family, queues: QueueDefinition<{ memberId: number }>[], auditId: number) {
  const active = await tx
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.familyId, family.id), eq(members.status, "active")));
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
  return active.length;
}

/**
 * The owner closes the family. Its pending invitations are withdrawn, and every member leaves
 * as the family's removal policy says, through the queue (out of the tenant's group, the
 * account off if nothing else holds it, the photos account deleted or kept). The member rows
 * stay, so an operator can restore the family for FAMILY_RESTORE_DAYS.
 */
export async function closeFamily({ actor, input }: { actor: Actor; input: CloseFamilyInput }, deps: { db: Database; now?: () => Date }) {
  return deps.db.transaction(async (tx) => {
    await requireMembership(tx, actor, input.familyId, "family.close");
    const family = await lockOpenFamily(tx, input.familyId);
    if (!confirmsName(input.confirm, family.name)) {
      throw new ValidationError({ confirm: [message("validation.typeFamilyName", { name: family.name })] });
    }
    return close(tx, actor, family, deps.now?.() ?? new Date());
  });
}

/** An operator deletes a family: the same closing as the owner's (restorable, then purged), confirmed in a dialog. */
export async function closeFamilyAsOperator(
  { actor, input }: { actor: Actor; input: { familyId: number; reason?: string } },
  deps: { db: Database; now?: () => Date },
) {
  if (actor.type !== "operator") throw new ForbiddenError(message("errors.roleForbids"));
  return deps.db.transaction(async (tx) => {
    const family = await lockOpenFamily(tx, input.familyId);
    return close(tx, actor, family, deps.now?.() ?? new Date(), input.reason);
  });
}

async function lockOpenFamily(tx: Executor, familyId: number): Promise<Family> {
  const [family] = await tx.select().from(families).where(eq(families.id, familyId)).for("update");
  if (!family) throw new NotFoundError(message("errors.noSuchFamily"));
  if (family.status === "closed") throw new ConflictError(message("errors.familyClosed"));
  return family;
}

async function close(tx: Executor, actor: Actor, family: Family, now: Date, reason?: string): Promise<Family> {
  const restorableUntil = new Date(now.getTime() + FAMILY_RESTORE_DAYS * 24 * 60 * 60 * 1000);
  const [closed] = await tx
    .update(families)
    .set({ status: "closed", closedAt: now, restorableUntil, updatedAt: now })
    .where(eq(families.id, family.id))
    .returning();
  const pending = await tx
    .update(invites)
    .set({ status: "revoked", revokedAt: now, updatedAt: now })
    .where(and(eq(invites.familyId, family.id), eq(invites.status, "pending")))
    .returning();
  for (const invite of pending) await enqueueInvitationDeletion(tx, invite);
  const auditId = await recordAudit(tx, actor, {
    action: "family.close",
    tenantId: family.tenantId,
    familyId: family.id,
    entity: { type: "family", id: family.id },
    before: { status: family.status },
    after: { status: "closed", restorableUntil, invitesWithdrawn: pending.length },
    reason,
  });
  await enqueueForMembers(tx, closed!, departureSteps(family), auditId);
  return closed!;
}

/**
 * An operator (or, with the support console, support) restores a closed family within its
 * window: its members come back, their accounts switched on again and their photos accounts
 * restored (Immich keeps a deleted user for its own restore window) through the queue.
 */
export async function restoreFamily(
  { actor, input }: { actor: Actor; input: RestoreFamilyInput },
  deps: { db: Database; now?: () => Date },
) {
  if (actor.type !== "operator" && actor.type !== "support") throw new ForbiddenError(message("errors.roleForbids"));
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const [family] = await tx.select().from(families).where(eq(families.id, input.familyId)).for("update");
    if (!family) throw new NotFoundError(message("errors.noSuchFamily"));
    if (family.status !== "closed") throw new ConflictError(message("errors.familyNotClosed"));
    if (!family.restorableUntil || family.restorableUntil <= now) throw new ConflictError(message("errors.restoreWindowOver"));
    const [restored] = await tx
      .update(families)
      .set({ status: "active", closedAt: null, restorableUntil: null, updatedAt: now })
      .where(eq(families.id, family.id))
      .returning();
    const auditId = await recordAudit(tx, actor, {
      action: "family.restore",
      tenantId: family.tenantId,
      familyId: family.id,
      entity: { type: "family", id: family.id },
      before: { status: "closed", closedAt: family.closedAt },
      after: { status: "active" },
      reason: input.reason,
    });
    const queues = joinSteps(family).flatMap((step) => (step.queue ? [step.queue] : []));
    await enqueueForMembers(tx, restored!, queues, auditId);
    return restored!;
  });
}
