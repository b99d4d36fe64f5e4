import "server-only";
import type { Executor } from "@/lib/db/connect";
import type { Invite } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/outbox";

/** Queues the deletion of the invite's current Authentik invitation, if it has one. */
export async function enqueueInvitationDeletion(tx: Executor, invite: Pick<Invite, "id" | "tenantId" | "authentikInvitationId">): Promise<void> {
  if (!invite.authentikInvitationId) return;
  await enqueueJob(tx, {
    queue: "authentik.delete-invitation",
    payload: { authentikInvitationId: invite.authentikInvitationId },
    dedupeKey: `authentik.delete-invitation:${invite.authentikInvitationId}`,
    subject: { type: "invite", id: invite.id },
    tenantId: invite.tenantId,
  });
}
