import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: the link's secret. Only its SHA-256 is stored. */
export function generateInviteToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token as it appears in a URL: 43 base64url characters. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The AAD of a token sealed into the mail job's payload (so the link can be mailed later). */
export function inviteTokenContext(inviteId: number, sendCount: number): string {
  return `invite:${inviteId}:send:${sendCount}`;
}
