import { z } from "zod";

/**
 * Every side effect on Authentik, Immich or mail is one of these jobs. Payloads carry ids,
 * never secrets: handlers read the current state from the database when they run.
 */
export const jobPayloads = {
  "authentik.ensure-tenant-group": z.object({ tenantId: z.number().int().positive() }),
} as const;

export type QueueName = keyof typeof jobPayloads;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(jobPayloads) as QueueName[];

export const QUEUE_LABELS: Record<QueueName, string> = {
  "authentik.ensure-tenant-group": "Create or adopt the tenant's Authentik group",
};

/** Retry policy: exponential backoff from `retryDelay` seconds, capped; failed jobs kept 30 days. */
export interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryDelayMax: number;
  expireInSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryLimit: 12,
  retryDelay: 5,
  retryDelayMax: 30 * 60,
  expireInSeconds: 5 * 60,
};

export const FAILED_JOB_RETENTION_SECONDS = 30 * 24 * 60 * 60;
