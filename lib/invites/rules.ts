import { GB } from "@/lib/storage/bytes";

/** Pure invite rules; the service reads the numbers in a locked transaction and asks these. */
export const INVITE_TTL_DAYS = 7;
export const INVITES_PER_FAMILY_PER_DAY = 20;
export const MAX_EMAILS_PER_REQUEST = 10;

export function inviteExpiry(now: Date, days = INVITE_TTL_DAYS): Date {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

export interface SeatUsage {
  seatLimit: number;
  activeMembers: number;
  pendingInvites: number;
}

/** Seats left for new invites: pending invites hold a seat until accepted, revoked or expired. */
export function seatsLeft(usage: SeatUsage): number {
  return Math.max(0, usage.seatLimit - usage.activeMembers - usage.pendingInvites);
}

export interface QuotaUsage {
  allowanceBytes: number;
  /** Quotas already given to active members and held by pending invites (null counts as 0). */
  allocatedBytes: number;
}

export function quotaLeft(usage: QuotaUsage): number {
  return Math.max(0, usage.allowanceBytes - usage.allocatedBytes);
}

/** The default quota of an invite without one: an equal share of the allowance per seat, whole GB. */
export function defaultQuota(allowanceBytes: number, seatLimit: number, left: number): number {
  const share = Math.floor(allowanceBytes / seatLimit / GB) * GB;
  return Math.min(share, Math.floor(left / GB) * GB);
}

export function invitesLeftToday(sentInLast24h: number, limit = INVITES_PER_FAMILY_PER_DAY): number {
  return Math.max(0, limit - sentInLast24h);
}

export type InviteState = "valid" | "expired" | "revoked" | "used";

/** The state a link is in, from the stored status and the clock (expiry is not a stored transition). */
export function inviteState(invite: { status: "pending" | "accepted" | "revoked" | "expired"; expiresAt: Date }, now: Date): InviteState {
  if (invite.status === "accepted") return "used";
  if (invite.status === "revoked") return "revoked";
  if (invite.status === "expired" || invite.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}
