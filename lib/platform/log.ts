/**
 * What the server logs about failures and refusals, without personal data or query
 * parameters (ASVS V7): the actor's sub, what was asked, which ids, and an error's kind.
 */

/** A refused authorization decision, logged once: who, what, which ids. */
export function logRefusal(actorSub: string, what: string, ids: Record<string, unknown> = {}): void {
  const named = Object.entries(ids)
    .filter(([key, value]) => /Id$/.test(key) && (typeof value === "number" || typeof value === "string"))
    .map(([key, value]) => `${key}=${String(value).slice(0, 40)}`)
    .join(" ");
  console.warn(`[authz] refused ${what} for ${actorSub}${named ? ` (${named})` : ""}`);
}

/**
 * An unexpected error, described without what it carried: a database error's code and
 * constraint, never its query, parameters or message (drizzle puts the parameters in it).
 */
export function describeError(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  const parts: string[] = [];
  while (current && typeof current === "object" && !seen.has(current) && parts.length < 4) {
    seen.add(current);
    const {
      name,
      code,
      constraint_name: constraint,
      routine,
    } = current as { name?: string; code?: string; constraint_name?: string; routine?: string };
    parts.push(
      [name ?? "Error", code && `code=${code}`, constraint && `constraint=${constraint}`, routine && `routine=${routine}`]
        .filter(Boolean)
        .join(" "),
    );
    current = (current as { cause?: unknown }).cause;
  }
  const stack = error instanceof Error ? error.stack?.split("\n").slice(1, 4).join("\n") : undefined;
  return `${parts.join(" ← ") || String(typeof error)}${stack ? `\n${stack}` : ""}`;
}
