import { z } from "zod";
import { MAX_EMAILS_PER_REQUEST } from "./rules";

const email = z.email({ error: "is not a valid e-mail address" });

/** RFC 5321 limits: a local part of at most 64 octets, a domain of at most 253, an address of at most 254. */
export const MAX_EMAIL_LENGTH = 254;

export function withinRfc5321(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at < 1) return false;
  return address.length <= MAX_EMAIL_LENGTH && at <= 64 && address.length - at - 1 <= 253;
}

/** Room for the most addresses a request may invite, each as long as RFC 5321 allows, and their separators. */
export const MAX_EMAIL_LIST_LENGTH = MAX_EMAILS_PER_REQUEST * (MAX_EMAIL_LENGTH + 4);

/** Trimmed and lower-cased: the form addresses are compared and stored in. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** One address: valid, within RFC 5321's lengths. */
export function isValidEmail(address: string): boolean {
  return withinRfc5321(address) && email.safeParse(address).success;
}

export interface ParsedEmailList {
  emails: string[];
  invalid: string[];
  /** Set when the list holds more addresses than a request may: it was not read further. */
  tooMany?: true;
}

/**
 * Splits a pasted list (commas, semicolons, spaces, new lines), normalizes, de-duplicates, in
 * one linear pass that stops once the list holds more than `limit` addresses. Callers bound the
 * input's length first (MAX_EMAIL_LIST_LENGTH).
 */
export function parseEmailList(input: string, limit = MAX_EMAILS_PER_REQUEST): ParsedEmailList {
  const seen = new Set<string>();
  const invalid: string[] = [];
  for (const raw of input.split(/[\s,;]+/)) {
    if (!raw) continue;
    const candidate = normalizeEmail(raw.replace(/^<|>$/g, ""));
    if (!isValidEmail(candidate)) invalid.push(raw.length > 80 ? `${raw.slice(0, 77)}…` : raw);
    else seen.add(candidate);
    if (seen.size + invalid.length > limit) return { emails: [...seen], invalid, tooMany: true };
  }
  return { emails: [...seen], invalid };
}
