import type { ActorType } from "@/lib/db/schema/enums";

/**
 * Who does something, for every verb and every audit row: a member of a family, an operator,
 * a support agent, an invitee accepting their invite, or the system (the job queue, a seed).
 * Built from the session on the server, never from what a client sends.
 */
export interface Actor {
  type: ActorType;
  /** The OIDC `sub` of the person; null for the system. */
  sub: string | null;
  /** A name for people to read in the history. */
  label: string;
}

export const systemActor = (label: string): Actor => ({ type: "system", sub: null, label });

/** The person behind an actor; verbs that act for a person refuse the system. */
export function personSub(actor: Actor): string {
  if (!actor.sub) throw new Error(`${actor.type} actor "${actor.label}" has no sub`);
  return actor.sub;
}

/** A signed-in person acting in one of their roles. */
export function actorOf(person: { sub: string; name: string; email: string }, as: "member" | "operator" | "support"): Actor {
  return { type: as, sub: person.sub, label: person.name || person.email };
}
