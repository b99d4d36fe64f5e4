import type { SharingMode } from "@/lib/db/schema/enums";
import type { QueueDefinition } from "@/lib/jobs/queue";

import {
  addMemberToGroupQueue,
  deactivateAccountIfUnusedQueue,
  provisionPhotosUserQueue,
  removeMemberFromGroupQueue,
  removePhotosUserQueue,
  syncFamilyPhotosQueue,
} from "./queues";

/**
 * What joining and leaving a family does, in order: the jobs to enqueue and the steps the
 * invitee's page shows. Acceptance, departure and the onboarding status all read this plan;
 * a sharing mode changes what happens by changing it here.
 */
export interface PlanFamily {
  sharingMode: SharingMode;
}

export type JoinStepKey = "account" | "joined" | "group" | "photos";

export interface JoinStep {
  key: JoinStepKey;
  /** The job that does this step; none for the steps done by the acceptance itself. */
  queue?: QueueDefinition<{ memberId: number }>;
}

export function joinSteps(family: PlanFamily): JoinStep[] {
  const steps: JoinStep[] = [{ key: "account" }, { key: "joined" }, { key: "group", queue: addMemberToGroupQueue }];
  switch (family.sharingMode) {
    case "individual":
      return [...steps, { key: "photos", queue: provisionPhotosUserQueue }];
    // The family's one library (or its guest account) instead of an account of their own.
    case "shared_library":
      return [...steps, { key: "photos", queue: syncFamilyPhotosQueue }];
  }
}

/** A departure: out of the tenant's group, the account off if no family holds it, the photos account as the family says. */
export function departureSteps(family: PlanFamily): QueueDefinition<{ memberId: number }>[] {
  switch (family.sharingMode) {
    case "individual":
      return [removeMemberFromGroupQueue, deactivateAccountIfUnusedQueue, removePhotosUserQueue];
    // The shared account is taken off their identity first, and its sessions ended (syncFamilyPhotos).
    case "shared_library":
      return [syncFamilyPhotosQueue, removeMemberFromGroupQueue, deactivateAccountIfUnusedQueue, removePhotosUserQueue];
  }
}
