"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { IntegrationError } from "@/lib/integrations/errors";
import { retryFailedJob } from "@/lib/jobs/retry";
import { actorOf } from "@/lib/audit/actor";
import { message } from "@/lib/i18n/message";
import { defineAction } from "@/lib/platform/define-action";
import { registerTenantInput, tenantStatusInput, updateTenantInput } from "@/lib/tenants/input";
import { createFamilyInput, familyLimitsInput, familyStatusInput, restoreFamilyInput } from "@/lib/families/input";
import { idField } from "@/lib/ids";
import { closeFamilyAsOperator, FAMILY_RESTORE_DAYS, restoreFamily } from "@/lib/families/closing";
import { changeFamilyLimits, setFamilyStatus } from "@/lib/families/operator-service";
import { createFamily } from "@/lib/families/service";
import { inviteRefInput } from "@/lib/invites/input";
import { resendInvite, revokeInvite } from "@/lib/invites/service";
import { registerTenant, setTenantStatus, updateTenant } from "@/lib/tenants/service";
import { recheckTenantWiring, repairTenantWiring } from "@/lib/tenants/wiring-service";
import { fixDrift, ignoreDrift, requestDriftRun } from "@/lib/tenants/drift-service";

/** Immich failures belong next to the URL or the key field. */
const immichField = (error: IntegrationError) =>
  error.system !== "immich" ? undefined : error.kind === "unauthorized" || error.kind === "forbidden" ? "immichApiKey" : "immichUrl";

export const registerTenantFormAction = defineAction({
  area: "operator",
  schema: registerTenantInput,
  secretFields: ["immichApiKey"],
  integrationField: immichField,
  run: async (input, viewer, deps) => {
    const { tenant } = await registerTenant({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath("/operator");
    redirect(`/operator/tenants/${tenant.id}?registered=1`);
  },
});

export const updateTenantFormAction = defineAction({
  area: "operator",
  schema: updateTenantInput,
  secretFields: ["immichApiKey"],
  integrationField: immichField,
  run: async (input, viewer, deps) => {
    await updateTenant({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath("/operator");
    return message("operator.actions.tenantSaved");
  },
});

export const setTenantStatusFormAction = defineAction({
  area: "operator",
  schema: tenantStatusInput,
  run: async (input, viewer, deps) => {
    const tenant = await setTenantStatus({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath("/operator");
    return tenant.status === "suspended" ? message("operator.actions.tenantSuspended") : message("operator.actions.tenantResumed");
  },
});

export const retryJobFormAction = defineAction({
  area: "operator",
  schema: z.object({ jobId: z.uuid() }),
  run: async ({ jobId }, viewer, deps) => {
    await retryFailedJob(deps.db, await deps.queue(), jobId, actorOf(viewer, "operator"));
    revalidatePath("/operator");
    return message("operator.actions.jobRetried");
  },
});

/** "New family": the family and its owner's invitation; back to the tenant, which says so. */
export const createFamilyFormAction = defineAction({
  area: "operator",
  schema: createFamilyInput,
  run: async (input, viewer, deps) => {
    const { family } = await createFamily({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${input.tenantId}`);
    redirect(`/operator/tenants/${input.tenantId}?created=${family.id}`);
  },
});

/** A new family's owner invitation, sent again (a new link) or withdrawn, by an operator. */
export const resendOwnerInviteAction = defineAction({
  area: "operator",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await resendInvite({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${invite.tenantId}`);
    return message("family.done.resent", { email: invite.email });
  },
});

export const revokeOwnerInviteAction = defineAction({
  area: "operator",
  schema: inviteRefInput,
  run: async (input, viewer, deps) => {
    const invite = await revokeInvite({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${invite.tenantId}`);
    return message("family.done.revoked", { email: invite.email });
  },
});

export const changeFamilyLimitsAction = defineAction({
  area: "operator",
  schema: familyLimitsInput,
  run: async (input, viewer, deps) => {
    const family = await changeFamilyLimits({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${family.tenantId}`);
    return message("operator.family.limitsSaved");
  },
});

export const setFamilyStatusAction = defineAction({
  area: "operator",
  schema: familyStatusInput,
  run: async (input, viewer, deps) => {
    const family = await setFamilyStatus({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${family.tenantId}`);
    return message(family.status === "suspended" ? "operator.family.suspendedDone" : "operator.family.resumedDone", {
      family: family.name,
    });
  },
});

export const restoreFamilyAction = defineAction({
  area: "operator",
  schema: restoreFamilyInput,
  run: async (input, viewer, deps) => {
    const family = await restoreFamily({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${family.tenantId}`);
    return message("operator.family.restoredDone", { family: family.name });
  },
});

export const closeFamilyAsOperatorAction = defineAction({
  area: "operator",
  schema: z.object({ familyId: idField() }),
  run: async (input, viewer, deps) => {
    const family = await closeFamilyAsOperator({ actor: actorOf(viewer, "operator"), input }, deps);
    revalidatePath(`/operator/tenants/${family.tenantId}`);
    return message("operator.family.closedDone", { family: family.name, days: FAMILY_RESTORE_DAYS });
  },
});

export const repairWiringFormAction = defineAction({
  area: "operator",
  schema: z.object({ tenantId: idField() }),
  run: async ({ tenantId }, viewer, deps) => {
    await repairTenantWiring({ actor: actorOf(viewer, "operator"), tenantId }, deps);
    revalidatePath(`/operator/tenants/${tenantId}`);
    return message("operator.actions.wiringRepairQueued");
  },
});

export const recheckWiringFormAction = defineAction({
  area: "operator",
  schema: z.object({ tenantId: idField() }),
  run: async ({ tenantId }, _viewer, deps) => {
    await recheckTenantWiring({ tenantId, requestedAt: new Date() }, deps);
    revalidatePath(`/operator/tenants/${tenantId}`);
    return message("operator.actions.wiringCheckQueued");
  },
});

const driftRef = z.object({ tenantId: idField(), driftId: idField() });

export const fixDriftFormAction = defineAction({
  area: "operator",
  schema: driftRef,
  run: async (input, viewer, deps) => {
    await fixDrift({ actor: actorOf(viewer, "operator"), ...input }, deps);
    revalidatePath(`/operator/tenants/${input.tenantId}`);
    return message("operator.actions.driftFixQueued");
  },
});

export const ignoreDriftFormAction = defineAction({
  area: "operator",
  schema: driftRef,
  run: async (input, viewer, deps) => {
    await ignoreDrift({ actor: actorOf(viewer, "operator"), ...input }, deps);
    revalidatePath(`/operator/tenants/${input.tenantId}`);
    return message("operator.actions.driftIgnored");
  },
});

export const runDriftFormAction = defineAction({
  area: "operator",
  schema: z.object({ tenantId: idField() }),
  run: async ({ tenantId }, _viewer, deps) => {
    await requestDriftRun({ tenantId, requestedAt: new Date() }, deps);
    revalidatePath(`/operator/tenants/${tenantId}`);
    return message("operator.actions.driftRunQueued");
  },
});
