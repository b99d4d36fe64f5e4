import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import type { Database } from "@/lib/db/connect";
import { families, familySeatLimit, invites, members, tenants, type Member } from "@/lib/db/schema";
import { ConflictError, ForbiddenError, LimitExceededError, NotFoundError } from "@/lib/errors";
import { familyUsage } from "@/lib/membership/usage";
import type { IdentityPort } from "@/lib/identity/port";
import { enqueueJob } from "@/lib/jobs/outbox";
import { enqueueInvitationCreation, enqueueInvitationDeletion } from "@/lib/invites/jobs";
import { inviteState } from "@/lib/invites/rules";
import { hashInviteToken } from "@/lib/invites/tokens";
import { cleanName } from "@/lib/names";
import { joinSteps } from "@/lib/provisioning/plan";
import { message } from "@/lib/i18n/message";

export interface OnboardingDeps {
  db: Database;
  identity: Pick<IdentityPort, "invitationExists" | "findAccountsByInvite" | "findAccountsByEmail">;
}

export interface SignedInPerson {
  sub: string;
  email: string;
  name: string;
}

const STATE_MESSAGES = {
  expired: message("errors.invitationExpired"),
  revoked: message("errors.invitationWithdrawn"),
  used: message("errors.invitationUsed"),
} as const;

async function inviteByToken(db: Database, token: string) {
  const [invite] = await db
    .select()
    .from(invites)
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!invite) throw new NotFoundError(message("errors.invitationInvalid"));
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
  if (!invite.identityInvitationId) return null;
  if (await deps.identity.invitationExists(invite.identityInvitationId)) return invite.identityInvitationId;
  await deps.db.transaction(async (tx) => {
    await tx
      .update(invites)
      .set({ identityInvitationId: null })
      .where(
        and(
          eq(invites.id, invite.id),
          eq(invites.sendCount, invite.sendCount),
          eq(invites.identityInvitationId, invite.identityInvitationId!),
        ),
      );
    await enqueueInvitationCreation(tx, invite, invite.identityInvitationId!);
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
    if (member?.identitySub === person.sub) return member;
  }
  const state = inviteState(invite, new Date());
  if (state !== "valid") throw new ConflictError(STATE_MESSAGES[state]);

  const enrolled = (await deps.identity.findAccountsByInvite(invite.id)).find((account) => account.sub === person.sub);
  const existing = enrolled
    ? undefined
    : (await deps.identity.findAccountsByEmail(invite.email)).find((account) => account.sub === person.sub);
  const user = enrolled ?? existing;
  if (!user) {
    throw new ForbiddenError(message("errors.wrongAccount", { signedIn: person.email ?? "", invited: invite.email }));
  }

  return deps.db.transaction(async (tx) => {
    // The family row first, as every verb that counts seats takes it: concurrent acceptances
    // into one family decide one after the other, and locks are always taken in one order.
    await tx.select({ id: families.id }).from(families).where(eq(families.id, invite.familyId)).for("update");
    const [locked] = await tx.select().from(invites).where(eq(invites.id, invite.id)).for("update");
    if (locked?.status === "accepted" && locked.acceptedMemberId) {
      // A second request (reload, another tab) that waited for the first one's lock.
      const [mine] = await tx
        .select()
        .from(members)
        .where(and(eq(members.id, locked.acceptedMemberId), eq(members.identitySub, person.sub)));
      if (mine) return mine;
    }
    if (!locked || inviteState(locked, new Date()) !== "valid" || locked.tokenHash !== invite.tokenHash)
      throw new ConflictError(message("errors.invitationNoLongerValid"));
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, locked.tenantId));
    if (!tenant || tenant.status !== "active") throw new ConflictError(message("errors.serviceUnavailable"));
    const [family] = await tx
      .select({ sharingMode: families.sharingMode, seatLimit: familySeatLimit, status: families.status })
      .from(families)
      .innerJoin(tenants, eq(tenants.id, families.tenantId))
      .where(eq(families.id, locked.familyId));
    if (family?.status !== "active") throw new ConflictError(message("errors.serviceUnavailable"));
    const { activeMembers } = await familyUsage(tx, locked.familyId);
    if (activeMembers >= (family?.seatLimit ?? tenant.seatLimit)) throw new LimitExceededError(message("errors.noSeatToJoin"));

    const [previous] = await tx
      .select()
      .from(members)
      .where(and(eq(members.familyId, locked.familyId), eq(members.identitySub, person.sub)))
      .for("update");
    if (previous?.status === "active") throw new ConflictError(message("errors.alreadyInFamily"));
    const now = new Date();
    const values = {
      identityAccountId: user.id,
      identityUsername: user.username,
      identityOrigin: enrolled ? ("enrollment" as const) : ("existing" as const),
      email: locked.email,
      displayName: cleanName(person.name) || cleanName(user.name) || locked.email,
      role: locked.role,
      status: "active" as const,
      quotaBytes: locked.quotaBytes,
      joinedAt: now,
      removedAt: null,
      updatedAt: now,
    };
    const [member] = previous
      ? await tx.update(members).set(values).where(eq(members.id, previous.id)).returning()
      : await tx
          .insert(members)
          .values({ ...values, tenantId: locked.tenantId, familyId: locked.familyId, identitySub: person.sub })
          .returning();
    await tx
      .update(invites)
      .set({ status: "accepted", acceptedAt: now, acceptedMemberId: member!.id, updatedAt: now })
      .where(eq(invites.id, locked.id));
    await recordAudit(
      tx,
      { type: "invitee", sub: person.sub, label: values.displayName },
      {
        action: "invite.accept",
        tenantId: locked.tenantId,
        familyId: locked.familyId,
        entity: { type: "member", id: member!.id },
        after: {
          inviteId: locked.id,
          email: locked.email,
          role: locked.role,
          quotaBytes: locked.quotaBytes,
          path: enrolled ? "enrollment" : "existing-account",
        },
      },
    );
    for (const step of joinSteps(family!)) {
      if (!step.queue) continue;
      // Once per accepted invite: a member who leaves and comes back joins by a new invite.
      await enqueueJob(tx, {
        queue: step.queue,
        payload: { memberId: member!.id },
        subject: { type: "member", id: member!.id },
        occurrence: ["invite", locked.id],
        tenantId: locked.tenantId,
      });
    }
    // Someone who signed in with an existing account never used the Authentik invitation.
    if (existing) await enqueueInvitationDeletion(tx, locked);
    return member!;
  });
}
