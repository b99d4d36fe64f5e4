import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

export const ensureTenantGroupQueue = defineQueue({
  name: "identity.ensure-tenant-group",
  formerNames: ["authentik.ensure-tenant-group"],
  label: "Create or adopt the tenant's group in the identity provider",
  payload: z.object({ tenantId: z.number().int().positive() }),
});
