import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

/** Every hour: closed families past their restore window are purged. */
export const purgeClosedFamiliesQueue = defineQueue({
  name: "families.purge-closed",
  label: "jobs.purgeClosedFamilies",
  schedule: "17 * * * *",
  payload: z.object({}),
});
