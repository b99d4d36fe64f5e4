import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

/** The effects of a member joining, changing and leaving; their handlers are in lib/members/jobs.ts. */
const memberPayload = z.object({ memberId: z.number().int().positive() });

export const addMemberToGroupQueue = defineQueue({
  name: "identity.add-member-to-group",
  formerNames: ["authentik.add-member-to-group"],
  label: "Add the member to the tenant's group",
  payload: memberPayload,
});

export const provisionPhotosUserQueue = defineQueue({
  name: "photos.provision-user",
  formerNames: ["immich.provision-user"],
  label: "Create the member's photos account",
  payload: memberPayload,
});

export const updatePhotosQuotaQueue = defineQueue({
  name: "photos.update-quota",
  formerNames: ["immich.update-quota"],
  label: "Update the member's storage quota",
  payload: memberPayload,
});

export const removeMemberFromGroupQueue = defineQueue({
  name: "identity.remove-member-from-group",
  formerNames: ["authentik.remove-member-from-group"],
  label: "Remove the member from the tenant's group",
  payload: memberPayload,
});

export const deactivateAccountIfUnusedQueue = defineQueue({
  name: "identity.deactivate-account-if-unused",
  formerNames: ["authentik.deactivate-user-if-unused"],
  label: "Deactivate the account if no family holds it",
  payload: memberPayload,
});

export const removePhotosUserQueue = defineQueue({
  name: "photos.remove-user",
  formerNames: ["immich.remove-user"],
  label: "Remove the member's photos account (restorable)",
  payload: memberPayload,
});
