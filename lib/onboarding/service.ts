import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { AuthentikApis } from "@/lib/authentik/client";
import { invitationExists } from "@/lib/authentik/invitations";
import { findUserByInvite, findUsersByEmail } from "@/lib/authentik/users";
import type { Database } from "@/lib/db/connect";
import { auditEvents, invites, members, tenants, type Member } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/outbox";
import { enqueueInvitationDeletion } from "@/lib/invites/jobs";
import { inviteState } from "@/lib/invites/rules";
import { hashInviteToken } from "@/lib/invites/tokens";

export interface OnboardingDeps {
  db: Database;
  authentik: AuthentikApis;
}

export interface SignedInPerson {
  sub: string;
  email: string;
  name: string;
}

const STATE_MESSAGES = {
  expired: "This invitation has expired. Ask the person who invited you to send it again.",
  revoked: "This invitation was withdrawn. Ask the person who invited you for a new one.",
  used: "This invitation was already used.",
} as const;

async function inviteByToken(db: Database, token: string) {
  const [invite] = await db.select().from(invites).where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!invite) throw new NotFoundError("This invitation link is not valid.");
  return invite;
}

/**
 * Where "Create my account" goes: the Authentik enrollment with the invitation, or null while
 * it is (re)created by the queue (Authentik deletes a single-use invitation once the flow uses it).
 */
export async function enrollmentInvitation(token: string, deps: OnboardingDeps): Promise<string | null> {
  const invite = await inviteByToken(deps.db, token);
  const state = inviteState(invite, new Date());
  if (state !== "valid") throw new ConflictError(STATE_MESSAGES[state]);
  // None recorded yet: the invite's create job is still on its way; the preparing page waits.
  if (!invite.authentikInvitationId) return null;
  if (await invitationExists(deps.authentik, invite.authentikInvitationId)) return invite.authentikInvitationId;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(invites)
      .set({ authentikInvitationId: null })
      .where(and(eq(invites.id, invite.id), eq(invites.sendCount, invite.sendCount), eq(invites.authentikInvitationId, invite.authentikInvitationId!)));
    await enqueueJob(tx, {
      queue: "authentik.create-invitation",
      payload: { inviteId: invite.id, sendCount: invite.sendCount },
      // A new key each time the invitation turned out missing: re-creation is a new effect.
      dedupeKey: `authentik.create-invitation:invite:${invite.id}:${invite.sendCount}:recreate:${Date.now()}`,
      subject: { type: "invite", id: invite.id },
      tenantId: invite.tenantId,
    });
  });
  return null;
}

/**
 * Accepts the invitation for the signed-in person. The person must be the Authentik user
 * the invitation's enrollment created (attributes.castello_invite) or, for someone who already
 * had an account, the user with the invited address; either way bound by `sub`. One
 * transaction marks the invite accepted, activates the member, audits and queues the
 * provisioning. Calling it again for the same person returns the same member.
 */
export async function acceptInvite({ token, person }: { token: string; person: SignedInPerson }, deps: OnboardingDeps): Promise<Member> {
  const invite = await inviteByToken(deps.db, token);
  if (invite.status === "accepted" && invite.acceptedMemberId) {
    const [member] = await deps.db.select().from(members).where(eq(members.id, invite.acceptedMemberId));
    if (member?.authentikSub === person.sub) return member;
  }
  const state = inviteState(invite, new Date());
  if (state !== "valid") throw new ConflictError(STATE_MESSAGES[state]);

  const enrolled = (await findUserByInvite(deps.authentik, invite.id)).find((user) => user.uid === person.sub);
  const existing = enrolled ? undefined : (await findUsersByEmail(deps.authentik, invite.email)).find((user) => user.uid === person.sub);
  const user = enrolled ?? existing;
  if (!user) {
    throw new ForbiddenError(`You are signed in as ${person.email}, but this invitation was sent to ${invite.email}. Sign out and sign in with that account.`);
  }

  return deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(invites).where(eq(invites.id, invite.id)).for("update");
    if (locked?.status === "accepted" && locked.acceptedMemberId) {
      // A second request (reload, another tab) that waited for the first one's lock.
      const [mine] = await tx.select().from(members).where(and(eq(members.id, locked.acceptedMemberId), eq(members.authentikSub, person.sub)));
      if (mine) return mine;
    }
    if (!locked || inviteState(locked, new Date()) !== "valid" || locked.tokenHash !== invite.tokenHash) throw new ConflictError("This invitation is no longer valid.");
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, locked.tenantId));
    if (!tenant || tenant.status !== "active") throw new ConflictError("This service is not available at the moment.");
    const [seats] = (await tx.execute(sql`select count(*)::int as n from members where family_id = ${locked.familyId} and status = 'active'`)) as unknown as { n: number }[];
    if (seats!.n >= tenant.seatLimit) throw new LimitExceededError("This family has no free seat any more. Ask the person who invited you.");

    const [previous] = await tx.select().from(members).where(and(eq(members.familyId, locked.familyId), eq(members.authentikSub, person.sub))).for("update");
    if (previous?.status === "active") throw new ConflictError("You are already a member of this family.");
    const now = new Date();
    const values = {
      authentikUserPk: user.pk,
      identityOrigin: enrolled ? ("enrollment" as const) : ("existing" as const),
      email: locked.email,
      displayName: person.name || user.name || locked.email,
      role: locked.role,
      status: "active" as const,
      quotaBytes: locked.quotaBytes,
      joinedAt: now,
      removedAt: null,
      updatedAt: now,
    };
    const [member] = previous
      ? await tx.update(members).set(values).where(eq(members.id, previous.id)).returning()
      : await tx.insert(members).values({ ...values, tenantId: locked.tenantId, familyId: locked.familyId, authentikSub: person.sub }).returning();
    await tx.update(invites).set({ status: "accepted", acceptedAt: now, acceptedMemberId: member!.id, updatedAt: now }).where(eq(invites.id, locked.id));
    await tx.insert(auditEvents).values({
      tenantId: locked.tenantId,
      familyId: locked.familyId,
      actorType: "invitee",
      actorSub: person.sub,
      actorLabel: values.displayName,
      action: "invite.accept",
      entityType: "member",
      entityId: String(member!.id),
      after: { inviteId: locked.id, email: locked.email, role: locked.role, quotaBytes: locked.quotaBytes, path: enrolled ? "enrollment" : "existing-account" },
    });
    const subject = { type: "member", id: member!.id };
    const stamp = now.getTime();
    await enqueueJob(tx, { queue: "authentik.add-member-to-group", payload: { memberId: member!.id }, dedupeKey: `authentik.add-member-to-group:member:${member!.id}:${stamp}`, subject, tenantId: locked.tenantId });
    await enqueueJob(tx, { queue: "immich.provision-user", payload: { memberId: member!.id }, dedupeKey: `immich.provision-user:member:${member!.id}:${stamp}`, subject, tenantId: locked.tenantId });
    // Someone who signed in with an existing account never used the Authentik invitation.
    if (existing) await enqueueInvitationDeletion(tx, locked);
    return member!;
  });
}
