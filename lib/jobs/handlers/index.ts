import { IntegrationError } from "@/lib/integrations/errors";
import { jobPayloads, type QueueName } from "../queues";
import type { JobContext } from "./context";
import { ensureTenantGroup } from "./ensure-tenant-group";
import { createInvitation, removeInvitation, sendInviteMail } from "./invitation-handlers";
import {
  addMemberToGroup,
  deactivateUserIfUnused,
  provisionImmichUser,
  removeImmichUser,
  removeMemberFromGroup,
  updateImmichQuota,
} from "./member-handlers";

type Handler = (payload: never, context: JobContext) => Promise<unknown>;

export const jobHandlers: Record<QueueName, Handler> = {
  "authentik.ensure-tenant-group": ensureTenantGroup,
  "authentik.create-invitation": createInvitation,
  "authentik.delete-invitation": removeInvitation,
  "mail.send-invite": sendInviteMail,
  "authentik.add-member-to-group": addMemberToGroup,
  "immich.provision-user": provisionImmichUser,
  "immich.update-quota": updateImmichQuota,
  "authentik.remove-member-from-group": removeMemberFromGroup,
  "authentik.deactivate-user-if-unused": deactivateUserIfUnused,
  "immich.remove-user": removeImmichUser,
};

/**
 * Validates the payload, then runs the queue's handler. A thrown error makes pg-boss retry
 * with backoff; its message (kept on the job, shown to operators) is the readable one.
 */
export async function runJob(queue: QueueName, data: unknown, context: JobContext): Promise<unknown> {
  const payload = jobPayloads[queue].parse(data);
  try {
    return await (jobHandlers[queue] as (payload: unknown, context: JobContext) => Promise<unknown>)(payload, context);
  } catch (error) {
    if (error instanceof IntegrationError) throw new Error(error.userMessage, { cause: error });
    throw error;
  }
}
