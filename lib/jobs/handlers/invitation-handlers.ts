import { and, eq } from "drizzle-orm";
import { deleteInvitation, ensureInvitation, invitationExists } from "@/lib/authentik/invitations";
import { decryptSecret, SecretDecryptionError } from "@/lib/crypto/secret-box";
import { invites, members } from "@/lib/db/schema";
import { generateInviteToken, inviteTokenContext } from "@/lib/invites/tokens";
import { renderInviteEmail } from "@/lib/mail/templates/invite";
import { pickLocale } from "@/lib/mail/locale";
import type { JobPayload } from "../queues";
import type { JobContext } from "./context";
import { loadInvite } from "./load";

/** Still the sending this job was made for? A resend or revoke makes older jobs no-ops. */
function isCurrent(invite: { status: string; sendCount: number }, sendCount: number) {
  return invite.status === "pending" && invite.sendCount === sendCount;
}

/** Creates (or adopts) the single-use Authentik invitation whose fixed data the enrollment writes onto the user. */
export async function createInvitation(payload: JobPayload<"authentik.create-invitation">, context: JobContext) {
  const row = await loadInvite(context, payload.inviteId);
  if (!row || !isCurrent(row.invite, payload.sendCount)) return { skipped: "not pending" };
  if (row.invite.authentikInvitationId && (await invitationExists(context.authentik, row.invite.authentikInvitationId))) {
    return { authentikInvitationId: row.invite.authentikInvitationId };
  }
  const pk = await ensureInvitation(context.authentik, {
    name: `castello-invite-${row.invite.id}-${payload.sendCount}`,
    expires: row.invite.expiresAt,
    fixedData: {
      email: row.invite.email,
      attributes: { castello_invite: String(row.invite.id), castello_family: String(row.family.id), castello_tenant: row.tenant.slug },
    },
  });
  const recorded = await context.db
    .update(invites)
    .set({ authentikInvitationId: pk })
    .where(and(eq(invites.id, row.invite.id), eq(invites.sendCount, payload.sendCount), eq(invites.status, "pending")))
    .returning({ id: invites.id });
  // Revoked or resent while we were creating it: the invitation must not stay usable.
  if (recorded.length === 0) {
    await deleteInvitation(context.authentik, pk);
    return { skipped: "superseded while created" };
  }
  return { authentikInvitationId: pk };
}

export async function removeInvitation(payload: JobPayload<"authentik.delete-invitation">, context: JobContext) {
  await deleteInvitation(context.authentik, payload.authentikInvitationId);
}

/**
 * The link's token from the payload. If it can no longer be unsealed (the key that sealed it
 * was rotated away while the mail waited), a new token replaces the invite's: only its hash is
 * stored, so the old link could never be rebuilt anyway.
 */
async function unsealOrReissue(context: JobContext, invite: { id: number; sendCount: number }, payload: { sealedToken: string; sendCount: number }): Promise<string | null> {
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

/** E-mails the link. The token is unsealed here, in memory, and never logged. */
export async function sendInviteMail(payload: JobPayload<"mail.send-invite">, context: JobContext) {
  const row = await loadInvite(context, payload.inviteId);
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
  const { messageId } = await context.mailer.send({ to: row.invite.email, subject: mail.subject, html: mail.html, text: mail.text });
  await context.db.update(invites).set({ mailSentAt: new Date() }).where(and(eq(invites.id, row.invite.id), eq(invites.sendCount, payload.sendCount)));
  return { messageId };
}
