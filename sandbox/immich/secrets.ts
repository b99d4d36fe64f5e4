import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";

/**
 * Secrets as Immich keeps them: API keys and session tokens only as SHA-256 hashes, passwords
 * only as a slow salted hash (Immich uses bcrypt; scrypt from node:crypto stands in for it).
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64");
}

/** Immich's `randomBytesAsText(32)`: base64 with the non-word characters dropped. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64").replace(/\W/g, "");
}

// A low scrypt cost keeps the test suite fast; the point is that no plain password is stored.
const SCRYPT_OPTIONS = { N: 1024, r: 8, p: 1 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT_OPTIONS);
  return `scrypt$${salt.toString("base64")}$${hash.toString("base64")}`;
}

export function verifyPassword(password: string, stored: string | null): boolean {
  const [scheme, salt, hash] = stored?.split("$") ?? [];
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = scryptSync(password, Buffer.from(salt, "base64"), expected.length, SCRYPT_OPTIONS);
  return timingSafeEqual(actual, expected);
}
