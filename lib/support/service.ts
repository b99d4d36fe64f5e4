import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit, type AuditAction } from "@/lib/audit/record";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { decryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database, Executor } from "@/lib/db/connect";
import { families, members, supportRecoveryLinks, supportSuspensions } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { resendInvite, revokeInvite, type InviteDeps } from "@/lib/invites/service";
import { enqueueJob } from "@/lib/jobs/outbox";
import type { QueueDefinition } from "@/lib/jobs/queue";
import type { ResetMfaInput } from "./input";
import { recoveryLinkContext } from "./jobs";
import {
  createRecoveryLinkQueue,
  reactivateAccountQueue,
  resetMfaQueue,
  restorePhotosUserQueue,
  sendRecoveryEmailQueue,
  suspendAccountQueue,
} from "./queues";

interface SupportDeps {
  db: Database;
  now?: () => Date;
}

/** Support's verbs act as support only: an operator without the support group is refused. */
function requireSupport(actor: Actor): void {
  if (actor.type !== "support") throw new ForbiddenError(message("errors.roleForbids"));
}

/** The person's memberships, locked; refuses a sub Castello does not know. */
async function requirePerson(tx: Executor, sub: string) {
  const rows = await tx.select().from(members).where(eq(members.identitySub, sub)).for("update");
  if (rows.length === 0) throw new NotFoundError(message("errors.noSuchPerson"));
  return rows;
}

function accountIdOf(rows: { identityAccountId: string | null }[]): string {
  const accountId = rows.find((row) => row.identityAccountId)?.identityAccountId;
  if (!accountId) throw new ConflictError(message("errors.personHasNoAccount"));
  return accountId;
}

/** A support action's job about a person; each request is its own occurrence, never deduplicated away. */
const enqueueAboutPerson = <P>(tx: Executor, queue: QueueDefinition<P>, payload: P, sub: string) =>
  enqueueJob(tx, { queue, payload, subject: { type: "person", id: sub }, occurrence: [crypto.randomUUID()] });

const auditPerson = (tx: Executor, actor: Actor, sub: string, action: AuditAction, reason: string, after?: Record<string, unknown>) =>
  recordAudit(tx, actor, { action, tenantId: null, entity: { type: "person", id: sub }, reason, after });

/** Opening a person's account review is itself audited, with the reason, and the person can see it. */
export async function openAccountReview({ actor, input }: { actor: Actor; input: { sub: string; reason: string } }, deps: SupportDeps) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    await requirePerson(tx, input.sub);
    await auditPerson(tx, actor, input.sub, "support.account.view", input.reason);
  });
}

export async function openFamilyReview({ actor, input }: { actor: Actor; input: { familyId: number; reason: string } }, deps: SupportDeps) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    const [family] = await tx
      .select({ id: families.id, tenantId: families.tenantId })
      .from(families)
      .where(eq(families.id, input.familyId));
    if (!family) throw new NotFoundError(message("errors.noSuchFamily"));
    await recordAudit(tx, actor, {
      action: "support.family.view",
      tenantId: family.tenantId,
      familyId: family.id,
      entity: { type: "family", id: family.id },
      reason: input.reason,
    });
  });
}

/** Removes one MFA device, or all of them: the person sets one up again at their next sign-in. */
export async function resetPersonMfa({ actor, input }: { actor: Actor; input: ResetMfaInput }, deps: SupportDeps) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    accountIdOf(await requirePerson(tx, input.sub));
    const one = input.deviceId && input.deviceKind ? { deviceId: input.deviceId, deviceKind: input.deviceKind } : {};
    await enqueueAboutPerson(tx, resetMfaQueue, { sub: input.sub, ...one }, input.sub);
    await auditPerson(
      tx,
      actor,
      input.sub,
      "support.mfa.reset",
      input.reason,
      one.deviceId ? { device: one.deviceId, kind: one.deviceKind } : { devices: "all" },
    );
  });
}

export async function sendPersonRecoveryEmail(
  { actor, input }: { actor: Actor; input: { sub: string; reason: string } },
  deps: SupportDeps,
) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    accountIdOf(await requirePerson(tx, input.sub));
    await enqueueAboutPerson(tx, sendRecoveryEmailQueue, { sub: input.sub }, input.sub);
    await auditPerson(tx, actor, input.sub, "support.recovery.email", input.reason);
  });
}

/** Asks for a one-time recovery link that only this agent can reveal, once. */
export async function createPersonRecoveryLink(
  { actor, input }: { actor: Actor; input: { sub: string; reason: string } },
  deps: SupportDeps,
) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    const accountId = accountIdOf(await requirePerson(tx, input.sub));
    const [link] = await tx
      .insert(supportRecoveryLinks)
      .values({ identitySub: input.sub, identityAccountId: accountId, requestedBySub: actor.sub! })
      .returning({ id: supportRecoveryLinks.id });
    await enqueueAboutPerson(tx, createRecoveryLinkQueue, { linkId: link!.id }, input.sub);
    await auditPerson(tx, actor, input.sub, "support.recovery.link", input.reason);
    return link!.id;
  });
}

/** The link, once, to the agent who asked for it; then it is erased. */
export async function revealRecoveryLink(
  { actor, input }: { actor: Actor; input: { sub: string; linkId: number } },
  deps: SupportDeps & { keyring: Keyring },
): Promise<string> {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(supportRecoveryLinks)
      .where(
        and(
          eq(supportRecoveryLinks.id, input.linkId),
          eq(supportRecoveryLinks.identitySub, input.sub),
          eq(supportRecoveryLinks.requestedBySub, actor.sub!),
        ),
      )
      .for("update");
    if (!row) throw new NotFoundError(message("errors.noSuchRecoveryLink"));
    if (row.revealedAt) throw new ConflictError(message("errors.recoveryLinkShown"));
    if (!row.linkSealed) throw new ConflictError(message("errors.recoveryLinkNotReady"));
    const link = decryptSecret(deps.keyring, row.linkSealed, recoveryLinkContext(row.id));
    await tx
      .update(supportRecoveryLinks)
      .set({ linkSealed: null, revealedAt: deps.now?.() ?? new Date() })
      .where(and(eq(supportRecoveryLinks.id, row.id), isNull(supportRecoveryLinks.revealedAt)));
    return link;
  });
}

/** Switches the person's identity account off and ends their portal sessions, until support reactivates them. */
export async function suspendPerson({ actor, input }: { actor: Actor; input: { sub: string; reason: string } }, deps: SupportDeps) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    accountIdOf(await requirePerson(tx, input.sub));
    const [row] = await tx
      .insert(supportSuspensions)
      .values({ identitySub: input.sub, reason: input.reason, suspendedBySub: actor.sub! })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(message("errors.personAlreadySuspended"));
    await revokeSessionsOf(tx, input.sub, "account deactivated", deps.now?.());
    await enqueueAboutPerson(tx, suspendAccountQueue, { sub: input.sub }, input.sub);
    await auditPerson(tx, actor, input.sub, "support.person.suspend", input.reason);
  });
}

export async function reactivatePerson({ actor, input }: { actor: Actor; input: { sub: string; reason: string } }, deps: SupportDeps) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    await requirePerson(tx, input.sub);
    const removed = await tx.delete(supportSuspensions).where(eq(supportSuspensions.identitySub, input.sub)).returning();
    if (removed.length === 0) throw new ConflictError(message("errors.personNotSuspended"));
    await enqueueAboutPerson(tx, reactivateAccountQueue, { sub: input.sub }, input.sub);
    await auditPerson(tx, actor, input.sub, "support.person.reactivate", input.reason);
  });
}

/** Restores the person's soft-deleted photos user on one tenant, within the photo server's window. */
export async function restorePersonPhotos(
  { actor, input }: { actor: Actor; input: { sub: string; memberId: number; reason: string } },
  deps: SupportDeps,
) {
  requireSupport(actor);
  return deps.db.transaction(async (tx) => {
    const [member] = await tx
      .select()
      .from(members)
      .where(and(eq(members.id, input.memberId), eq(members.identitySub, input.sub), isNotNull(members.immichUserId)));
    if (!member) throw new NotFoundError(message("errors.noSuchPerson"));
    await enqueueAboutPerson(tx, restorePhotosUserQueue, { memberId: member.id }, input.sub);
    await auditPerson(tx, actor, input.sub, "support.photos.restore", input.reason, { tenantId: member.tenantId, memberId: member.id });
  });
}

/** Support resends or withdraws an invite like an operator would, with the reason in the audit row. */
export function resendInviteAsSupport(
  { actor, input }: { actor: Actor; input: { familyId: number; inviteId: number; reason: string } },
  deps: InviteDeps,
) {
  requireSupport(actor);
  return resendInvite({ actor, input }, deps);
}

export function revokeInviteAsSupport(
  { actor, input }: { actor: Actor; input: { familyId: number; inviteId: number; reason: string } },
  deps: Pick<InviteDeps, "db" | "now">,
) {
  requireSupport(actor);
  return revokeInvite({ actor, input }, deps);
}
