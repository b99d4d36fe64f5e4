import type { SharingMode } from "@/lib/db/schema/enums";
import type { QueueDefinition } from "@/lib/jobs/queue";
import {
  addMemberToGroupQueue,
  deactivateAccountIfUnusedQueue,
  provisionPhotosUserQueue,
  removeMemberFromGroupQueue,
  removePhotosUserQueue,
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
  switch (family.sharingMode) {
    case "individual":
    case "shared_library": // the shared-library mode (its own issue) plugs its steps in here
      return [
        { key: "account" },
        { key: "joined" },
        { key: "group", queue: addMemberToGroupQueue },
        { key: "photos", queue: provisionPhotosUserQueue },
      ];
  }
}

/** A departure: out of the tenant's group, the account off if no family holds it, the photos account as the family says. */
export function departureSteps(family: PlanFamily): QueueDefinition<{ memberId: number }>[] {
  switch (family.sharingMode) {
    case "individual":
    case "shared_library":
      return [removeMemberFromGroupQueue, deactivateAccountIfUnusedQueue, removePhotosUserQueue];
  }
}
