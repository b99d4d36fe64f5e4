import { z } from "zod";
import { defineQueue } from "@/lib/jobs/queue";

export const ensureTenantGroupQueue = defineQueue({
  name: "identity.ensure-tenant-group",
  formerNames: ["authentik.ensure-tenant-group"],
  label: "jobs.ensureTenantGroup",
  payload: z.object({ tenantId: z.number().int().positive() }),
});

/** Creates or repairs the tenant's single sign-on: its OAuth client at the identity provider and Immich's OAuth settings. */
export const wireTenantQueue = defineQueue({
  name: "tenant.wire-sign-in",
  label: "jobs.wireTenant",
  payload: z.object({ tenantId: z.number().int().positive() }),
});

/** Looks at the wiring and stores what differs, changing nothing. */
export const checkTenantWiringQueue = defineQueue({
  name: "tenant.check-sign-in",
  label: "jobs.checkTenantWiring",
  payload: z.object({ tenantId: z.number().int().positive() }),
});

/** Compares members, the tenant's group and its Immich users, and stores what differs. */
export const checkTenantDriftQueue = defineQueue({
  name: "tenant.check-drift",
  label: "jobs.checkTenantDrift",
  payload: z.object({ tenantId: z.number().int().positive() }),
});

/** Every half hour: one drift check per active tenant. */
export const driftSweepQueue = defineQueue({
  name: "tenant.drift-sweep",
  label: "jobs.driftSweep",
  schedule: "*/30 * * * *",
  payload: z.object({}).passthrough(),
});

/** Takes an account Castello does not know out of the tenant's group, after an operator confirmed it. */
export const removeStrayGroupMemberQueue = defineQueue({
  name: "identity.remove-stray-group-member",
  label: "jobs.removeStrayGroupMember",
  payload: z.object({ tenantId: z.number().int().positive(), accountId: z.string().min(1).max(64) }),
});

/** Every minute: the dashboard's counts and each tenant's Immich ping, kept in tenant_checks (lib/tenants/overview.ts). */
export const refreshTenantOverviewQueue = defineQueue({
  name: "tenant.refresh-overview",
  label: "jobs.refreshTenantOverview",
  schedule: "* * * * *",
  payload: z.object({}).passthrough(),
});
