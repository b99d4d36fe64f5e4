import "server-only";
import { eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/lib/db/connect";
import { families, invites, members, tenants } from "@/lib/db/schema";
import { inviteState, type InviteState } from "@/lib/invites/rules";
import { hashInviteToken, INVITE_TOKEN_PATTERN } from "@/lib/invites/tokens";

export interface InviteView {
  state: InviteState;
  inviteId: number;
  email: string;
  role: string;
  locale: string;
  expiresAt: Date;
  familyName: string;
  tenantName: string;
  tenantStatus: string;
  inviterName: string | null;
  acceptedMemberId: number | null;
}

const inviter = alias(members, "inviter");

/** What the public invite page shows, found by the token's hash; undefined for an unknown token. */
export async function findInviteByToken(db: Executor, token: string, now = new Date()): Promise<InviteView | undefined> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await db
    .select({
      invite: invites,
      familyName: families.name,
      tenantName: tenants.displayName,
      tenantStatus: tenants.status,
      inviterName: inviter.displayName,
    })
    .from(invites)
    .innerJoin(families, eq(families.id, invites.familyId))
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .leftJoin(inviter, eq(inviter.id, invites.invitedByMemberId))
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row) return undefined;
  return {
    state: inviteState(row.invite, now),
    inviteId: row.invite.id,
    email: row.invite.email,
    role: row.invite.role,
    locale: row.invite.locale,
    expiresAt: row.invite.expiresAt,
    familyName: row.familyName,
    tenantName: row.tenantName,
    tenantStatus: row.tenantStatus,
    inviterName: row.inviterName,
    acceptedMemberId: row.invite.acceptedMemberId,
  };
}

/** The enrollment invitation currently recorded for a valid invite (null while the queue creates it). */
export async function recordedIdentityInvitation(db: Executor, token: string): Promise<string | null | undefined> {
  if (!INVITE_TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await db
    .select({ id: invites.identityInvitationId, status: invites.status, expiresAt: invites.expiresAt })
    .from(invites)
    .where(eq(invites.tokenHash, hashInviteToken(token)));
  if (!row || inviteState(row, new Date()) !== "valid") return undefined;
  return row.id;
}
