import { z } from "zod";

const email = z.email({ error: "is not a valid e-mail address" });

/** Trimmed and lower-cased: the form addresses are compared and stored in. */
export function normalizeEmail(value: string): string {
  return value.trim().toLowerCase();
}

export interface ParsedEmailList {
  emails: string[];
  invalid: string[];
}

/** Splits a pasted list (commas, semicolons, spaces, new lines), normalizes, de-duplicates. */
export function parseEmailList(input: string): ParsedEmailList {
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const raw of input.split(/[\s,;]+/)) {
    if (!raw) continue;
    const candidate = normalizeEmail(raw.replace(/^<|>$/g, ""));
    if (!email.safeParse(candidate).success) invalid.push(raw);
    else if (!emails.includes(candidate)) emails.push(candidate);
  }
  return { emails, invalid };
}
