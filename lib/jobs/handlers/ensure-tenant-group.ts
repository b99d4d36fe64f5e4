import { eq } from "drizzle-orm";
import { ensureGroup } from "@/lib/authentik/groups";
import { auditEvents, tenants, type Tenant } from "@/lib/db/schema";
import type { JobPayload } from "../queues";
import type { JobContext } from "./context";

type TenantGroupRef = Pick<Tenant, "id" | "slug" | "authentikGroupName" | "authentikGroupId">;

/** Creates the tenant's Authentik group or adopts the one that has its name, records its id, audits a change. */
export async function recordTenantGroup(context: JobContext, tenant: TenantGroupRef) {
  const group = await ensureGroup(context.authentik, tenant.authentikGroupName, { castello_tenant: tenant.slug });
  await context.db.transaction(async (tx) => {
    await tx.update(tenants).set({ authentikGroupId: group.pk, updatedAt: new Date() }).where(eq(tenants.id, tenant.id));
    if (tenant.authentikGroupId !== group.pk) {
      await tx.insert(auditEvents).values({
        tenantId: tenant.id,
        actorType: "system",
        actorLabel: "job queue",
        action: group.created ? "tenant.authentik_group.create" : "tenant.authentik_group.adopt",
        entityType: "tenant",
        entityId: String(tenant.id),
        after: { authentikGroupName: group.name, authentikGroupId: group.pk },
      });
    }
  });
  return group;
}

export async function ensureTenantGroup(payload: JobPayload<"authentik.ensure-tenant-group">, context: JobContext): Promise<{ groupPk: string; created: boolean } | null> {
  const [tenant] = await context.db.select().from(tenants).where(eq(tenants.id, payload.tenantId));
  if (!tenant) return null;
  const group = await recordTenantGroup(context, tenant);
  return { groupPk: group.pk, created: group.created };
}
