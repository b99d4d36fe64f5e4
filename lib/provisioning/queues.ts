import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

/** The effects of a member joining, changing and leaving; their handlers are in lib/members/jobs.ts. */
const memberPayload = z.object({ memberId: z.number().int().positive() });

export const addMemberToGroupQueue = defineQueue({
  name: "identity.add-member-to-group",
  formerNames: ["authentik.add-member-to-group"],
  label: "jobs.addMemberToGroup",
  payload: memberPayload,
});

export const provisionPhotosUserQueue = defineQueue({
  name: "photos.provision-user",
  formerNames: ["immich.provision-user"],
  label: "jobs.provisionPhotosUser",
  payload: memberPayload,
});

export const updatePhotosQuotaQueue = defineQueue({
  name: "photos.update-quota",
  formerNames: ["immich.update-quota"],
  label: "jobs.updatePhotosQuota",
  payload: memberPayload,
});

export const removeMemberFromGroupQueue = defineQueue({
  name: "identity.remove-member-from-group",
  formerNames: ["authentik.remove-member-from-group"],
  label: "jobs.removeMemberFromGroup",
  payload: memberPayload,
});

export const deactivateAccountIfUnusedQueue = defineQueue({
  name: "identity.deactivate-account-if-unused",
  formerNames: ["authentik.deactivate-user-if-unused"],
  label: "jobs.deactivateAccountIfUnused",
  payload: memberPayload,
});

export const removePhotosUserQueue = defineQueue({
  name: "photos.remove-user",
  formerNames: ["immich.remove-user"],
  label: "jobs.removePhotosUser",
  payload: memberPayload,
});

/** Sets the member's photos user's e-mail back to the member's. */
export const syncPhotosEmailQueue = defineQueue({
  name: "photos.sync-user-email",
  label: "jobs.syncPhotosEmail",
  payload: memberPayload,
});

/**
 * Brings one person's photo access on the tenant to what their families say (docs/sharing.md):
 * the shared account they sign in to, the family accounts it needs, their own account in the
 * individual mode, and the sessions of an account they no longer reach. Handler: lib/sharing/jobs.ts.
 */
export const syncFamilyPhotosQueue = defineQueue({
  name: "photos.sync-family-access",
  label: "jobs.syncFamilyPhotos",
  payload: memberPayload,
});
