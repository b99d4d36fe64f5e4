import { scrubText } from "./redact";

type ErrorLike = { name?: string; message?: string; code?: string; constraint_name?: string; routine?: string; cause?: unknown };

function chainOf(error: unknown): ErrorLike[] {
  const seen = new Set<unknown>();
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current) && chain.length < 4) {
    seen.add(current);
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

/** drizzle puts the query and its parameters in the message; Postgres names values in its own. */
const isDatabaseError = (error: ErrorLike) =>
  /Drizzle|Postgres/i.test(error.name ?? "") || "query" in error || "parameters" in error || "severity_local" in error;

/**
 * An unexpected error, described without what it carried: a database error's code and
 * constraint, never its query, parameters or message (drizzle puts the parameters in it).
 */
export function describeError(error: unknown): string {
  const parts = chainOf(error).map(({ name, code, constraint_name: constraint, routine }) =>
    [name ?? "Error", code && `code=${code}`, constraint && `constraint=${constraint}`, routine && `routine=${routine}`]
      .filter(Boolean)
      .join(" "),
  );
  const stack = error instanceof Error ? error.stack?.split("\n").slice(1, 4).join("\n") : undefined;
  return `${parts.join(" ← ") || String(typeof error)}${stack ? `\n${stack}` : ""}`;
}

/**
 * An error as log fields: its kind (describeError) and, unless a database error is in its
 * chain, its message, scrubbed. Integration errors say what the other system answered.
 */
export function errorFields(error: unknown): { kind: string; message?: string } {
  const chain = chainOf(error);
  const first = chain[0];
  const message = chain.some(isDatabaseError) || typeof first?.message !== "string" ? undefined : scrubText(first.message).slice(0, 500);
  return { kind: describeError(error), ...(message ? { message } : {}) };
}
