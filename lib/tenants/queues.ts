import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

export const ensureTenantGroupQueue = defineQueue({
  name: "identity.ensure-tenant-group",
  formerNames: ["authentik.ensure-tenant-group"],
  label: "jobs.ensureTenantGroup",
  payload: z.object({ tenantId: z.number().int().positive() }),
});
