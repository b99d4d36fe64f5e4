import type { z } from "zod";
import type { MessageKey } from "@/lib/i18n/message";

/**
 * One kind of job: a side effect on another system. Domains define their queues beside the
 * verbs that cause them (lib/invites/queues.ts, lib/provisioning/queues.ts...); payloads carry
 * ids, never secrets: handlers read the current state when they run.
 */
export interface QueueDefinition<P = unknown> {
  /** Named after the effect: `identity.add-member-to-group`, `photos.provision-user`. */
  name: string;
  /** Earlier names whose jobs may still be waiting: they are worked by the same handler. */
  formerNames?: readonly string[];
  /** What an operator or a family sees in lists: a catalogue key. */
  label: MessageKey;
  /** A cron expression (UTC) for work that recurs, run by pg-boss's schedule in the worker. */
  schedule?: string;
  payload: z.ZodType<P>;
}

export function defineQueue<S extends z.ZodType>(definition: {
  name: string;
  formerNames?: readonly string[];
  label: MessageKey;
  schedule?: string;
  payload: S;
}): QueueDefinition<z.output<S>> {
  return definition as QueueDefinition<z.output<S>>;
}

export type PayloadOf<Q> = Q extends QueueDefinition<infer P> ? P : never;

/** A queue with its handler; the composition root (lib/platform) lists them for the worker. */
export interface RegisteredQueue<C> {
  queue: QueueDefinition<never>;
  handler: (payload: never, context: C) => Promise<unknown>;
}

export function register<P, C>(queue: QueueDefinition<P>, handler: (payload: P, context: C) => Promise<unknown>): RegisteredQueue<C> {
  return { queue, handler } as unknown as RegisteredQueue<C>;
}

/** Every name a queue is worked under: its own and its former ones. */
export function queueNames(queue: Pick<QueueDefinition, "name" | "formerNames">): string[] {
  return [queue.name, ...(queue.formerNames ?? [])];
}
