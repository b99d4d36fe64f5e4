"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/actions/define-action";
import type { Viewer } from "@/lib/auth/viewer";
import { getDb } from "@/lib/db/client";
import type { IntegrationError } from "@/lib/integrations/errors";
import { retryFailedJob } from "@/lib/jobs/retry";
import { getBoss } from "@/lib/server/boss";
import { getKeyring } from "@/lib/server/integrations";
import { registerTenantInput, tenantStatusInput, updateTenantInput } from "@/lib/tenants/input";
import { registerTenant, setTenantStatus, updateTenant } from "@/lib/tenants/service";

const operatorContext = (viewer: Viewer) => ({ actorSub: viewer.sub, actorLabel: viewer.name || viewer.email });

/** Immich failures belong next to the URL or the key field. */
const immichField = (error: IntegrationError) =>
  error.system !== "immich" ? undefined : error.kind === "unauthorized" || error.kind === "forbidden" ? "immichApiKey" : "immichUrl";

export const registerTenantFormAction = defineAction({
  area: "operator",
  schema: registerTenantInput,
  secretFields: ["immichApiKey"],
  integrationField: immichField,
  run: async (input, viewer) => {
    const { tenant } = await registerTenant({ ctx: operatorContext(viewer), input }, { db: getDb(), keyring: getKeyring() });
    revalidatePath("/operator");
    redirect(`/operator/tenants/${tenant.id}?registered=1`);
  },
});

export const updateTenantFormAction = defineAction({
  area: "operator",
  schema: updateTenantInput,
  secretFields: ["immichApiKey"],
  integrationField: immichField,
  run: async (input, viewer) => {
    await updateTenant({ ctx: operatorContext(viewer), input }, { db: getDb(), keyring: getKeyring() });
    revalidatePath("/operator");
    return "Tenant saved.";
  },
});

export const setTenantStatusFormAction = defineAction({
  area: "operator",
  schema: tenantStatusInput,
  run: async (input, viewer) => {
    const tenant = await setTenantStatus({ ctx: operatorContext(viewer), input }, { db: getDb() });
    revalidatePath("/operator");
    return tenant.status === "suspended" ? "Tenant suspended: its members cannot use the portal." : "Tenant active again.";
  },
});

export const retryJobFormAction = defineAction({
  area: "operator",
  schema: z.object({ jobId: z.uuid() }),
  run: async ({ jobId }, viewer) => {
    await retryFailedJob(getDb(), await getBoss(), jobId, operatorContext(viewer));
    revalidatePath("/operator");
    return "Job queued again.";
  },
});
