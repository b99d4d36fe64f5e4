import { randomBytes } from "node:crypto";

/** DRF's DateTimeField output under UTC: microseconds only when non-zero, `Z` for UTC. */
export function formatDate(date: Date): string;
export function formatDate(date: Date | null): string | null;
export function formatDate(date: Date | null): string | null {
  if (!date) return null;
  const iso = date.toISOString();
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? iso.replace(/\.\d{3}Z$/, "Z") : iso.replace(/\.(\d{3})Z$/, ".$1000Z");
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** authentik.lib.generators.generate_id: random letters and digits. */
export function generateId(length = 40): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
}

/** Event context stores UUID primary keys as `uuid.hex`. */
export function uuidHex(uuid: string): string {
  return uuid.replace(/-/g, "");
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value);
}

/** A UUID in Django's canonical form (lower case, dashed), whatever form it came in. */
export function canonicalUuid(value: string): string {
  const hex = uuidHex(value).toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
