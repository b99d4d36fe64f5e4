import { and, count, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { INVITE_SENDING_ACTIONS, recordAudit, recordAudits, type AuditAction, type AuditEntry } from "@/lib/audit/record";
import { canAssignRole } from "@/lib/auth/permissions";
import { encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database, Executor } from "@/lib/db/connect";
import { auditEvents, families, familySeatLimit, invites, tenants, type FamilyRole, type Invite } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError, ValidationError } from "@/lib/errors";
import { requireInviteManager, requireMembership } from "@/lib/membership/require";
import { familyUsage } from "@/lib/membership/usage";
import { enqueueJobs, type EnqueueRequest } from "@/lib/jobs/outbox";
import type { PayloadOf } from "@/lib/jobs/queue";
import { wholeGb } from "@/lib/storage/bytes";
import { parseEmailList } from "./emails";
import { enqueueInvitationDeletion, invitationCreationJob } from "./jobs";
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
  // Independent reads in one transaction are pipelined on its connection: one round trip.
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

/** Addresses of the list that are already an active member or a pending invite of the family (one statement). */
async function addressesTaken(tx: Executor, familyId: number, emails: string[]) {
  const rows = (await tx.execute(sql`
    select 'member' as "kind", m.email from members m
      where m.family_id = ${familyId} and m.status = 'active' and lower(m.email) in ${emails}
    union all
    select 'invite', i.email from invites i
      where i.family_id = ${familyId} and i.status = 'pending' and lower(i.email) in ${emails}
  `)) as unknown as { kind: "member" | "invite"; email: string }[];
  return rows;
}

function auditEntry(
  invite: Pick<Invite, "id" | "tenantId" | "familyId" | "email" | "role">,
  action: AuditAction,
  extra: Record<string, unknown> = {},
  reason?: string,
): AuditEntry {
  return {
    action,
    tenantId: invite.tenantId,
    familyId: invite.familyId,
    entity: { type: "invite", id: invite.id },
    after: { email: invite.email, role: invite.role, ...extra },
    reason,
  };
}

function audit(
  tx: Executor,
  actor: Actor,
  invite: Pick<Invite, "id" | "tenantId" | "familyId" | "email" | "role">,
  action: AuditAction,
  extra: Record<string, unknown> = {},
  reason?: string,
) {
  return recordAudit(tx, actor, auditEntry(invite, action, extra, reason));
}

/** The jobs of one sending of an invite: its Authentik invitation and its e-mail (with the sealed link token). */
function sendingJobs(invite: Invite, token: string, keyring: Keyring, reminder: boolean) {
  return [
    invitationCreationJob(invite),
    {
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
    } satisfies EnqueueRequest<PayloadOf<typeof sendInviteMailQueue>>,
  ];
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
 * Writes pending invites, each with a fresh link, its audit row and its sending jobs, in the
 * caller's transaction (which has checked the family's limits): three statements however many
 * addresses. The links' tokens are returned only to the in-process caller that delivers them;
 * each is stored as a hash and mailed sealed.
 */
export async function writeInvites(
  tx: Executor,
  actor: Actor,
  values: NewInvite[],
  deps: { keyring: Keyring; now: Date },
): Promise<{ invite: Invite; token: string }[]> {
  // One address appears once in a list (parseEmailList), so the address finds its link.
  const links = new Map(values.map((value) => [value.email, generateInviteToken()]));
  const written = await tx
    .insert(invites)
    .values(
      values.map((value) => ({
        ...value,
        tokenHash: links.get(value.email)!.hash,
        expiresAt: inviteExpiry(deps.now),
        createdAt: deps.now,
        updatedAt: deps.now,
      })),
    )
    .returning();
  const byEmail = new Map(written.map((invite) => [invite.email, invite]));
  const created = values.map(({ email }) => ({ invite: byEmail.get(email)!, token: links.get(email)!.token }));
  await Promise.all([
    recordAudits(
      tx,
      actor,
      created.map(({ invite }) => auditEntry(invite, "invite.create", { quotaBytes: invite.quotaBytes, expiresAt: invite.expiresAt })),
    ),
    enqueueJobs(
      tx,
      created.flatMap(({ invite, token }) => sendingJobs(invite, token, deps.keyring, false)),
    ),
  ]);
  return created;
}

/** One invite, as writeInvites writes it (a new family's owner). */
export async function writeInvite(tx: Executor, actor: Actor, values: NewInvite, deps: { keyring: Keyring; now: Date }) {
  const [created] = await writeInvites(tx, actor, [values], deps);
  return created!;
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
    const taken = await addressesTaken(tx, input.familyId, emails);
    const problems: Message[] = taken.map((row) =>
      message(row.kind === "member" ? "errors.alreadyMember" : "errors.alreadyInvited", { email: row.email }),
    );
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

    const created = await writeInvites(
      tx,
      actor,
      emails.map((email) => ({
        tenantId: family.tenantId,
        familyId: family.id,
        email,
        role: input.role,
        quotaBytes: quota,
        locale: input.locale ?? family.defaultLocale,
        invitedByMemberId: membership.memberId,
      })),
      { keyring: deps.keyring, now },
    );
    return created.map(({ invite }) => invite);
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
    await enqueueJobs(tx, sendingJobs(invite!, token, deps.keyring, true));
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
