import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

/** Every hour: closed families past their restore window are purged. */
export const purgeClosedFamiliesQueue = defineQueue({
  name: "families.purge-closed",
  label: "jobs.purgeClosedFamilies",
  schedule: "17 * * * *",
  payload: z.object({}),
});

/** A family's MFA states and storage used, read from Authentik and Immich into Postgres (lib/families/live-status.ts). */
export const refreshLiveStatusQueue = defineQueue({
  name: "families.refresh-live-status",
  label: "jobs.refreshLiveStatus",
  payload: z.object({ familyId: z.number().int().positive() }),
});
