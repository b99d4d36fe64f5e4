/**
 * What the server logs about failures and refusals, without personal data or query
 * parameters (ASVS V7): the actor's sub, what was asked, which ids, and an error's kind.
 */
import { logger } from "@/lib/observability/logger";

export { describeError } from "@/lib/observability/errors";

const log = logger("authz");

/** A refused authorization decision, logged once: who, what, which ids. */
export function logRefusal(actorSub: string, what: string, ids: Record<string, unknown> = {}): void {
  const named = Object.fromEntries(
    Object.entries(ids)
      .filter(([key, value]) => /Id$/.test(key) && (typeof value === "number" || typeof value === "string"))
      .map(([key, value]) => [key, String(value).slice(0, 40)]),
  );
  log.warn(`refused ${what}`, { actor: actorSub, ...(Object.keys(named).length ? { ids: named } : {}) });
}
