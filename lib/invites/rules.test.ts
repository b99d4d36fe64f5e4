import { describe, expect, it } from "vitest";
import { MAX_EMAIL_LIST_LENGTH, parseEmailList } from "./emails";
import { defaultQuota, inviteExpiry, inviteState, invitesLeftToday, quotaLeft, seatsLeft } from "./rules";
import { generateInviteToken, hashInviteToken, INVITE_TOKEN_PATTERN } from "./tokens";

const GB = 1_000_000_000;

describe("invite rules", () => {
  it("parses, normalizes and de-duplicates pasted addresses, and names the bad ones", () => {
    expect(parseEmailList(" Anna@Example.EU, bob@example.eu;\nanna@example.eu  <carla@example.eu> nope@ x@y")).toEqual({
      emails: ["anna@example.eu", "bob@example.eu", "carla@example.eu"],
      invalid: ["nope@", "x@y"],
    });
  });

  it("enforces RFC 5321's lengths: local part 64, domain 253, address 254", () => {
    const local64 = "a".repeat(64);
    expect(parseEmailList(`${local64}@example.eu`).emails).toHaveLength(1);
    expect(parseEmailList(`${local64}a@example.eu`).invalid).toHaveLength(1);
    /** A domain of exactly `length` characters, in labels of at most 63. */
    const domainOf = (length: number) =>
      `${"b".repeat(60)}.`.repeat(Math.floor((length - 4) / 61)).concat("c".repeat(((length - 4) % 61) + 1), ".eu");
    expect(domainOf(253)).toHaveLength(253);
    expect(parseEmailList(`x@${domainOf(252)}`).emails).toHaveLength(1); // 254 characters in all
    expect(parseEmailList(`xy@${domainOf(252)}`).invalid).toHaveLength(1); // 255
    expect(parseEmailList(`x@${domainOf(254)}`).invalid).toHaveLength(1); // a 254-character domain
  });

  it("reads a huge pasted list in linear time and stops once it holds more than 10 addresses", () => {
    const list = Array.from({ length: 100_000 }, (_, i) => `user${i}@example.test`).join(",");
    const started = performance.now();
    const parsed = parseEmailList(list);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(parsed.tooMany).toBe(true);
    expect(parsed.emails.length).toBeLessThanOrEqual(11);
    // The form field is bounded before any parsing: ten of the longest addresses and their separators.
    expect(MAX_EMAIL_LIST_LENGTH).toBe(2580);
  });

  it("holds a seat per pending invite and never goes negative", () => {
    expect(seatsLeft({ seatLimit: 6, activeMembers: 3, pendingInvites: 2 })).toBe(1);
    expect(seatsLeft({ seatLimit: 2, activeMembers: 3, pendingInvites: 0 })).toBe(0);
  });

  it("keeps quotas within the family allowance and gives an equal share by default", () => {
    expect(quotaLeft({ allowanceBytes: 100 * GB, allocatedBytes: 70 * GB })).toBe(30 * GB);
    expect(defaultQuota(200 * GB, 6, 200 * GB)).toBe(33 * GB);
    expect(defaultQuota(200 * GB, 6, 10.5 * GB)).toBe(10 * GB);
  });

  it("rate-limits invites per family per day", () => {
    expect(invitesLeftToday(18)).toBe(2);
    expect(invitesLeftToday(25)).toBe(0);
  });

  it("expires a link after 7 days, and tells used, revoked and expired apart", () => {
    const now = new Date("2026-11-22T10:00:00Z");
    expect(inviteExpiry(now).toISOString()).toBe("2026-11-29T10:00:00.000Z");
    expect(inviteState({ status: "pending", expiresAt: inviteExpiry(now) }, now)).toBe("valid");
    expect(inviteState({ status: "pending", expiresAt: now }, now)).toBe("expired");
    expect(inviteState({ status: "accepted", expiresAt: now }, now)).toBe("used");
    expect(inviteState({ status: "revoked", expiresAt: inviteExpiry(now) }, now)).toBe("revoked");
  });

  it("makes 32-byte tokens and stores only their hash", () => {
    const { token, hash } = generateInviteToken();
    expect(token).toMatch(INVITE_TOKEN_PATTERN);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(hash).toBe(hashInviteToken(token));
    expect(hash).not.toContain(token);
    expect(generateInviteToken().token).not.toBe(token);
  });
});
