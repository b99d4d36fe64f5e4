import { z } from "zod";

/**
 * Every side effect on Authentik, Immich or mail is one of these jobs. Payloads carry ids,
 * never secrets: handlers read the current state from the database when they run.
 */
const id = z.number().int().positive();

export const jobPayloads = {
  "authentik.ensure-tenant-group": z.object({ tenantId: id }),
  "authentik.create-invitation": z.object({ inviteId: id, sendCount: id }),
  "authentik.delete-invitation": z.object({ authentikInvitationId: z.string().min(1) }),
  /** The link's token travels sealed (AES-GCM with the keyring), never in clear. */
  "mail.send-invite": z.object({ inviteId: id, sendCount: id, sealedToken: z.string().min(1), reminder: z.boolean() }),
  "authentik.add-member-to-group": z.object({ memberId: id }),
  "immich.provision-user": z.object({ memberId: id }),
  "immich.update-quota": z.object({ memberId: id }),
  "authentik.remove-member-from-group": z.object({ memberId: id }),
  "authentik.deactivate-user-if-unused": z.object({ memberId: id }),
  "immich.remove-user": z.object({ memberId: id }),
} as const;

export type QueueName = keyof typeof jobPayloads;
export type JobPayload<Q extends QueueName> = z.infer<(typeof jobPayloads)[Q]>;
export const QUEUE_NAMES = Object.keys(jobPayloads) as QueueName[];

export const QUEUE_LABELS: Record<QueueName, string> = {
  "authentik.ensure-tenant-group": "Create or adopt the tenant's Authentik group",
  "authentik.create-invitation": "Create the Authentik invitation",
  "authentik.delete-invitation": "Delete an Authentik invitation",
  "mail.send-invite": "Send the invitation e-mail",
  "authentik.add-member-to-group": "Add the member to the tenant's Authentik group",
  "immich.provision-user": "Create the member's Immich account",
  "immich.update-quota": "Update the member's Immich storage quota",
  "authentik.remove-member-from-group": "Remove the member from the tenant's Authentik group",
  "authentik.deactivate-user-if-unused": "Deactivate the Authentik account if no family holds it",
  "immich.remove-user": "Remove the member's Immich account (restorable)",
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
