import { createHash } from "node:crypto";
import { and, eq, ne } from "drizzle-orm";
import { decryptSecret, SecretDecryptionError, type Keyring } from "@/lib/crypto/secret-box";
import type { Database, Executor } from "@/lib/db/connect";
import { invites, members, type Invite } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import { IntegrationError } from "@/lib/integrations/errors";
import { enqueueJob, type EnqueueRequest } from "@/lib/jobs/outbox";
import type { PayloadOf } from "@/lib/jobs/queue";
import { pickLocale } from "@/lib/i18n/negotiate";
import { renderInviteEmail } from "@/lib/mail/templates/invite";
import type { Mailer } from "@/lib/mail/transport";
import { loadInvite } from "./load";
import { createInvitationQueue, deleteInvitationQueue, type sendInviteMailQueue } from "./queues";
import { generateInviteToken, inviteTokenContext } from "./tokens";
import { isSuspended } from "@/lib/membership/suspension";

export interface InviteJobContext {
  db: Database;
  identity: IdentityPort;
  keyring: Keyring;
  mailer: Pick<Mailer, "send">;
  /** The portal's public URL, for links in e-mails. */
  portalUrl: string;
}

/** Queues the deletion of the invite's current enrollment invitation, if it has one. */
export async function enqueueInvitationDeletion(
  tx: Executor,
  invite: Pick<Invite, "id" | "tenantId" | "identityInvitationId">,
): Promise<void> {
  if (!invite.identityInvitationId) return;
  await enqueueJob(tx, {
    queue: deleteInvitationQueue,
    payload: { invitationId: invite.identityInvitationId },
    subject: { type: "invite", id: invite.id },
    occurrence: [invite.identityInvitationId],
    tenantId: invite.tenantId,
  });
}

/** The (re-)creation of the invite's enrollment invitation for this sending, as a job to enqueue. */
export function invitationCreationJob(
  invite: Pick<Invite, "id" | "tenantId" | "sendCount">,
  replacing?: string,
): EnqueueRequest<PayloadOf<typeof createInvitationQueue>> {
  return {
    queue: createInvitationQueue,
    payload: { inviteId: invite.id, sendCount: invite.sendCount },
    subject: { type: "invite", id: invite.id },
    // Re-creating after Authentik consumed or lost invitation X is its own effect, once per X.
    occurrence: replacing ? [invite.sendCount, "replacing", replacing] : [invite.sendCount],
    tenantId: invite.tenantId,
  };
}

/** Queues the (re-)creation of the invite's enrollment invitation for this sending. */
export async function enqueueInvitationCreation(
  tx: Executor,
  invite: Pick<Invite, "id" | "tenantId" | "sendCount">,
  replacing?: string,
): Promise<void> {
  await enqueueJob(tx, invitationCreationJob(invite, replacing));
}

/** The mail server refused the message for good (an SMTP 5xx about it, not about Castello's login). */
function isPermanentRefusal(error: unknown): error is IntegrationError {
  return error instanceof IntegrationError && error.system === "mail" && error.kind === "invalid" && (error.status ?? 0) >= 500;
}

/** Still the sending this job was made for? A resend or revoke makes older jobs no-ops. */
function isCurrent(invite: { status: string; sendCount: number }, sendCount: number) {
  return invite.status === "pending" && invite.sendCount === sendCount;
}

/**
 * Someone Castello removed and deactivated is invited again: the account Castello's
 * enrollment created for them is switched on, so "I already have an account" can sign in.
 * Only accounts Castello created and deactivated itself; the new membership (group, photos)
 * still waits for the acceptance.
 */
async function reactivateReturningAccount(context: InviteJobContext, email: string): Promise<number> {
  let reactivated = 0;
  for (const account of (await context.identity.findAccountsByEmail(email)).filter((candidate) => !candidate.isActive)) {
    const [ours] = await context.db
      .select({ id: members.id })
      .from(members)
      .where(and(eq(members.identityAccountId, account.id), eq(members.identityOrigin, "enrollment"), ne(members.status, "active")))
      .limit(1);
    if (!ours || (await isSuspended(context.db, account.sub))) continue;
    await context.identity.setAccountActive(account.id, true);
    reactivated += 1;
  }
  return reactivated;
}

/** Prepares Authentik for the invitee: their enrollment invitation, and their old account switched on if they had one here. */
export async function createInvitation(payload: PayloadOf<typeof createInvitationQueue>, context: InviteJobContext) {
  const row = await loadInvite(context.db, payload.inviteId);
  if (!row || !isCurrent(row.invite, payload.sendCount)) return { skipped: "not pending" };
  await reactivateReturningAccount(context, row.invite.email);
  if (row.invite.identityInvitationId && (await context.identity.invitationExists(row.invite.identityInvitationId))) {
    return { invitationId: row.invite.identityInvitationId };
  }
  const invitationId = await context.identity.openEnrollmentInvitation({
    name: `castello-invite-${row.invite.id}-${payload.sendCount}`,
    expires: row.invite.expiresAt,
    email: row.invite.email,
    inviteId: row.invite.id,
    familyId: row.family.id,
    tenantSlug: row.tenant.slug,
  });
  const recorded = await context.db
    .update(invites)
    .set({ identityInvitationId: invitationId })
    .where(and(eq(invites.id, row.invite.id), eq(invites.sendCount, payload.sendCount), eq(invites.status, "pending")))
    .returning({ id: invites.id });
  // Revoked or resent while we were creating it: the invitation must not stay usable.
  if (recorded.length === 0) {
    await context.identity.deleteInvitation(invitationId);
    return { skipped: "superseded while created" };
  }
  return { invitationId };
}

export async function removeInvitation(payload: PayloadOf<typeof deleteInvitationQueue>, context: Pick<InviteJobContext, "identity">) {
  await context.identity.deleteInvitation(payload.invitationId);
}

/**
 * The link's token from the payload. If it can no longer be unsealed (the key that sealed it
 * was rotated away while the mail waited), a new token replaces the invite's: only its hash is
 * stored, so the old link could never be rebuilt anyway.
 */
async function unsealOrReissue(
  context: InviteJobContext,
  invite: { id: number; sendCount: number },
  payload: { sealedToken: string; sendCount: number },
): Promise<string | null> {
  try {
    return decryptSecret(context.keyring, payload.sealedToken, inviteTokenContext(invite.id, payload.sendCount));
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
    const { token, hash } = generateInviteToken();
    const updated = await context.db
      .update(invites)
      .set({ tokenHash: hash, updatedAt: new Date() })
      .where(and(eq(invites.id, invite.id), eq(invites.sendCount, payload.sendCount), eq(invites.status, "pending")))
      .returning({ id: invites.id });
    return updated.length > 0 ? token : null;
  }
}

/**
 * The Message-ID of one sending's mail, the same on every retry of its job. SMTP delivers at
 * least once: a worker killed after the server accepted the message but before `mail_sent_at`
 * was written sends it again, and with the same Message-ID the recipient's mailbox keeps one.
 * Derived from the sealed token (random ciphertext, fixed in the job's payload), so it tells a
 * reader nothing about the invite or how many there are.
 */
export function inviteMessageId(sealedToken: string, portalUrl: string): string {
  const local = createHash("sha256").update(`castello invite mail\0${sealedToken}`).digest("base64url").slice(0, 32);
  return `<${local}@${new URL(portalUrl).hostname}>`;
}

/** E-mails the link. The token is unsealed here, in memory, and never logged. */
export async function sendInviteMail(payload: PayloadOf<typeof sendInviteMailQueue>, context: InviteJobContext) {
  const row = await loadInvite(context.db, payload.inviteId);
  if (!row || !isCurrent(row.invite, payload.sendCount)) return { skipped: "not pending" };
  if (row.invite.mailSentAt) return { skipped: "already sent" };
  const token = await unsealOrReissue(context, row.invite, payload);
  if (!token) return { skipped: "superseded" };
  const [inviter] = row.invite.invitedByMemberId
    ? await context.db.select({ name: members.displayName }).from(members).where(eq(members.id, row.invite.invitedByMemberId))
    : [];
  const mail = renderInviteEmail({
    locale: pickLocale(row.invite.locale, undefined),
    inviterName: inviter?.name ?? row.family.name,
    familyName: row.family.name,
    serviceName: row.tenant.displayName,
    inviteUrl: new URL(`/invite/${token}`, context.portalUrl).href,
    expiresAt: row.invite.expiresAt,
    role: row.invite.role === "owner" ? "admin" : row.invite.role,
    reminder: payload.reminder,
  });
  let messageId: string;
  try {
    ({ messageId } = await context.mailer.send({
      to: row.invite.email,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: inviteMessageId(payload.sealedToken, context.portalUrl),
    }));
  } catch (error) {
    if (!isPermanentRefusal(error)) throw error;
    // Retrying cannot help: the invite keeps its seat, and the family page says it was not delivered.
    await context.db
      .update(invites)
      .set({ mailFailedAt: new Date(), mailFailure: error.detail.slice(0, 300) })
      .where(and(eq(invites.id, row.invite.id), eq(invites.sendCount, payload.sendCount)));
    return { undeliverable: error.detail };
  }
  await context.db
    .update(invites)
    .set({ mailSentAt: new Date() })
    .where(and(eq(invites.id, row.invite.id), eq(invites.sendCount, payload.sendCount)));
  return { messageId };
}
