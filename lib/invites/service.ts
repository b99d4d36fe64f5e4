import { and, count, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { INVITE_SENDING_ACTIONS, recordAudit, type AuditAction } from "@/lib/audit/record";
import { canAssignRole } from "@/lib/auth/permissions";
import { encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database, Executor } from "@/lib/db/connect";
import { auditEvents, families, familySeatLimit, invites, members, tenants, type FamilyRole, type Invite } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/errors";
import { requireInviteManager, requireMembership } from "@/lib/membership/require";
import { familyUsage } from "@/lib/membership/usage";
import { enqueueJob } from "@/lib/jobs/outbox";
import { wholeGb } from "@/lib/storage/bytes";
import { parseEmailList } from "./emails";
import { enqueueInvitationCreation, enqueueInvitationDeletion } from "./jobs";
import type { CreateInvitesInput, InviteRefInput } from "./input";
import { sendInviteMailQueue } from "./queues";
import { defaultQuota, inviteExpiry, invitesLeftToday, MAX_EMAILS_PER_REQUEST, quotaLeft, seatsLeft } from "./rules";
import { generateInviteToken, inviteTokenContext } from "./tokens";
import { message, type Message } from "@/lib/i18n/message";

export interface InviteDeps {
  db: Database;
  keyring: Keyring;
  now?: () => Date;
}

/** Family, tenant and the numbers the rules need, read under a lock on the family row. */
async function lockFamilyUsage(tx: Executor, familyId: number, now: Date) {
  const [family] = await tx
    .select({
      id: families.id,
      tenantId: families.tenantId,
      allowance: families.storageAllowanceBytes,
      defaultLocale: families.defaultLocale,
      seatLimit: familySeatLimit,
    })
    .from(families)
    .innerJoin(tenants, eq(tenants.id, families.tenantId))
    .where(eq(families.id, familyId))
    .for("update", { of: families });
  if (!family) throw new NotFoundError(message("errors.noSuchFamily"));
  // Pending invites past their expiry free their seat (and their address) now.
  await tx
    .update(invites)
    .set({ status: "expired", updatedAt: now })
    .where(and(eq(invites.familyId, familyId), eq(invites.status, "pending"), lte(invites.expiresAt, now)));
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const [usage, [sent]] = await Promise.all([
    familyUsage(tx, familyId),
    tx
      .select({ n: count() })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.familyId, familyId), gt(auditEvents.createdAt, since), inArray(auditEvents.action, [...INVITE_SENDING_ACTIONS])),
      ),
  ]);
  return { family, usage, sentToday: sent!.n };
}

function audit(
  tx: Executor,
  actor: Actor,
  invite: Pick<Invite, "id" | "tenantId" | "familyId" | "email" | "role">,
  action: AuditAction,
  extra: Record<string, unknown> = {},
  reason?: string,
) {
  return recordAudit(tx, actor, {
    action,
    tenantId: invite.tenantId,
    familyId: invite.familyId,
    entity: { type: "invite", id: invite.id },
    after: { email: invite.email, role: invite.role, ...extra },
    reason,
  });
}

/** The jobs of one sending of an invite: its Authentik invitation and its e-mail (with the sealed link token). */
async function enqueueSending(tx: Executor, invite: Invite, token: string, keyring: Keyring, reminder: boolean) {
  await Promise.all([
    enqueueInvitationCreation(tx, invite),
    enqueueJob(tx, {
      queue: sendInviteMailQueue,
      payload: {
        inviteId: invite.id,
        sendCount: invite.sendCount,
        sealedToken: encryptSecret(keyring, token, inviteTokenContext(invite.id, invite.sendCount)),
        reminder,
      },
      subject: { type: "invite", id: invite.id },
      occurrence: [invite.sendCount],
      tenantId: invite.tenantId,
    }),
  ]);
}

export interface NewInvite {
  tenantId: number;
  familyId: number;
  email: string;
  role: FamilyRole;
  quotaBytes: number | null;
  locale: string;
  invitedByMemberId: number | null;
}

/**
 * Writes one pending invite with a fresh link, its audit row and its sending jobs, in the
 * caller's transaction (which has checked the family's limits). The link's token is returned
 * only to the in-process caller that delivers it; it is stored as a hash and mailed sealed.
 */
export async function writeInvite(
  tx: Executor,
  actor: Actor,
  values: NewInvite,
  deps: { keyring: Keyring; now: Date },
): Promise<{ invite: Invite; token: string }> {
  const { token, hash } = generateInviteToken();
  const [invite] = await tx
    .insert(invites)
    .values({ ...values, tokenHash: hash, expiresAt: inviteExpiry(deps.now), createdAt: deps.now, updatedAt: deps.now })
    .returning();
  await Promise.all([
    audit(tx, actor, invite!, "invite.create", { quotaBytes: values.quotaBytes, expiresAt: invite!.expiresAt }),
    enqueueSending(tx, invite!, token, deps.keyring, false),
  ]);
  return { invite: invite!, token };
}

/**
 * Invites one or several addresses. All or nothing: every address is checked (valid, not a
 * member, not already invited) and the family's seats, storage and daily limit are checked
 * under a lock, before any invite is written.
 */
export async function createInvites({ actor, input }: { actor: Actor; input: CreateInvitesInput }, deps: InviteDeps): Promise<Invite[]> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    // Who may invite is decided before the list is read.
    const membership = await requireMembership(tx, actor, input.familyId, "invite.manage");
    if (!canAssignRole(membership.role, input.role))
      throw new ForbiddenError(message("errors.inviteRoleForbidden", { role: input.role }), "role");
    const { emails, invalid, tooMany } = parseEmailList(input.emails);
    if (tooMany) throw new ValidationError({ emails: [message("errors.tooManyAddresses", { max: MAX_EMAILS_PER_REQUEST })] });
    if (invalid.length > 0)
      throw new ValidationError({ emails: [message("errors.invalidAddresses", { count: invalid.length, addresses: invalid.join(", ") })] });
    if (emails.length === 0) throw new ValidationError({ emails: [message("errors.noAddress")] });
    const { family, usage, sentToday } = await lockFamilyUsage(tx, input.familyId, now);

    // Independent reads in one transaction are pipelined on its connection: one round trip.
    const [existingMembers, alreadyInvited] = await Promise.all([
      tx
        .select({ email: members.email })
        .from(members)
        .where(and(eq(members.familyId, family.id), eq(members.status, "active"), inArray(sql`lower(${members.email})`, emails))),
      tx
        .select({ email: invites.email })
        .from(invites)
        .where(and(eq(invites.familyId, family.id), eq(invites.status, "pending"), inArray(sql`lower(${invites.email})`, emails))),
    ]);
    const problems: Message[] = [
      ...existingMembers.map((row) => message("errors.alreadyMember", { email: row.email })),
      ...alreadyInvited.map((row) => message("errors.alreadyInvited", { email: row.email })),
    ];
    if (problems.length > 0) throw new ValidationError({ emails: problems });

    const seats = seatsLeft({ seatLimit: family.seatLimit, activeMembers: usage.activeMembers, pendingInvites: usage.pendingInvites });
    if (emails.length > seats) {
      throw new LimitExceededError(message("errors.seatsLeft", { seats, limit: family.seatLimit }), "emails");
    }
    if (emails.length > invitesLeftToday(sentToday)) {
      throw new LimitExceededError(message("errors.dailyInviteLimit"), "emails");
    }
    const left = quotaLeft({ allowanceBytes: family.allowance, allocatedBytes: usage.allocatedBytes });
    const quota = input.quotaBytes ?? defaultQuota(family.allowance, family.seatLimit, left / emails.length);
    if (quota * emails.length > left) {
      throw new LimitExceededError(message("errors.familyStorageLeft", { left: `${wholeGb(left)} GB` }), "quotaGb");
    }

    const created: Invite[] = [];
    for (const email of emails) {
      const { invite } = await writeInvite(
        tx,
        actor,
        {
          tenantId: family.tenantId,
          familyId: family.id,
          email,
          role: input.role,
          quotaBytes: quota,
          locale: input.locale ?? family.defaultLocale,
          invitedByMemberId: membership.memberId,
        },
        { keyring: deps.keyring, now },
      );
      created.push(invite);
    }
    return created;
  });
}

async function lockInvite(tx: Executor, familyId: number, inviteId: number) {
  const [invite] = await tx
    .select()
    .from(invites)
    .where(and(eq(invites.id, inviteId), eq(invites.familyId, familyId)))
    .for("update");
  if (!invite) throw new NotFoundError(message("errors.noSuchInvite"));
  return invite;
}

/** Sends the invite again with a new link (the old one stops working) and a new expiry. */
export async function resendInvite(
  { actor, input }: { actor: Actor; input: InviteRefInput & { reason?: string } },
  deps: InviteDeps,
): Promise<Invite> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    await requireInviteManager(tx, actor, input.familyId);
    const { family, usage, sentToday } = await lockFamilyUsage(tx, input.familyId, now);
    const current = await lockInvite(tx, input.familyId, input.inviteId);
    if (current.status === "accepted") throw new ConflictError(message("errors.inviteAccepted"));
    if (current.status === "revoked") throw new ConflictError(message("errors.inviteRevoked"));
    if (current.status === "expired") {
      const [clash] = await tx
        .select({ id: invites.id })
        .from(invites)
        .where(and(eq(invites.familyId, input.familyId), eq(invites.status, "pending"), sql`lower(${invites.email}) = ${current.email}`));
      if (clash) throw new ConflictError(message("errors.newerInvite"));
      // An expired invite gave back its seat and storage: taking them again is checked like a new invite.
      if (seatsLeft({ seatLimit: family.seatLimit, activeMembers: usage.activeMembers, pendingInvites: usage.pendingInvites }) < 1) {
        throw new LimitExceededError(message("errors.noSeatForInvite", { limit: family.seatLimit }));
      }
      if ((current.quotaBytes ?? 0) > quotaLeft({ allowanceBytes: family.allowance, allocatedBytes: usage.allocatedBytes })) {
        throw new LimitExceededError(message("errors.noStorageForInvite"));
      }
    }
    if (invitesLeftToday(sentToday) < 1) throw new LimitExceededError(message("errors.dailyInviteLimit"));
    const { token, hash } = generateInviteToken();
    const [invite] = await tx
      .update(invites)
      .set({
        tokenHash: hash,
        status: "pending",
        expiresAt: inviteExpiry(now),
        sendCount: current.sendCount + 1,
        mailSentAt: null,
        mailFailedAt: null,
        mailFailure: null,
        identityInvitationId: null,
        updatedAt: now,
      })
      .where(eq(invites.id, current.id))
      .returning();
    await enqueueInvitationDeletion(tx, current);
    await audit(tx, actor, invite!, "invite.resend", { expiresAt: invite!.expiresAt, sendCount: invite!.sendCount }, input.reason);
    await enqueueSending(tx, invite!, token, deps.keyring, true);
    return invite!;
  });
}

/** Withdraws a pending invite: its link stops working and its Authentik invitation is deleted. */
export async function revokeInvite(
  { actor, input }: { actor: Actor; input: InviteRefInput & { reason?: string } },
  deps: Pick<InviteDeps, "db" | "now">,
): Promise<Invite> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    await requireInviteManager(tx, actor, input.familyId);
    const current = await lockInvite(tx, input.familyId, input.inviteId);
    if (current.status !== "pending") throw new ConflictError(message("errors.inviteNotPending", { status: current.status }));
    const [invite] = await tx
      .update(invites)
      .set({ status: "revoked", revokedAt: now, updatedAt: now })
      .where(eq(invites.id, current.id))
      .returning();
    await enqueueInvitationDeletion(tx, current);
    await audit(tx, actor, invite!, "invite.revoke", {}, input.reason);
    return invite!;
  });
}
