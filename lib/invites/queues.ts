import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

const id = z.number().int().positive();

export const createInvitationQueue = defineQueue({
  name: "identity.create-invitation",
  formerNames: ["authentik.create-invitation"],
  label: "jobs.createInvitation",
  payload: z.object({ inviteId: id, sendCount: id }),
});

export const deleteInvitationQueue = defineQueue({
  name: "identity.delete-invitation",
  formerNames: ["authentik.delete-invitation"],
  label: "jobs.deleteInvitation",
  // Jobs queued before the rename carry `authentikInvitationId`.
  payload: z.union([
    z.object({ invitationId: z.string().min(1) }),
    z
      .object({ authentikInvitationId: z.string().min(1) })
      .transform(({ authentikInvitationId }) => ({ invitationId: authentikInvitationId })),
  ]),
});

/** The link's token travels sealed (AES-GCM with the keyring), never in clear. */
export const sendInviteMailQueue = defineQueue({
  name: "mail.send-invite",
  label: "jobs.sendInviteMail",
  payload: z.object({ inviteId: id, sendCount: id, sealedToken: z.string().min(1), reminder: z.boolean() }),
});

/** Every five minutes: pending invites past their expiry become expired (lib/invites/expiry.ts). */
export const expireInvitesQueue = defineQueue({
  name: "invites.expire",
  label: "jobs.expireInvites",
  schedule: "*/5 * * * *",
  payload: z.object({}),
});
