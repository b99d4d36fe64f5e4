import { eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit/record";
import { systemActor } from "@/lib/audit/actor";
import type { Database } from "@/lib/db/connect";
import { tenants, type Tenant } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import type { PayloadOf } from "@/lib/jobs/queue";
import type { ensureTenantGroupQueue } from "./queues";

export interface TenantJobContext {
  db: Database;
  identity: IdentityPort;
}

type TenantGroupRef = Pick<Tenant, "id" | "slug" | "identityGroupName" | "identityGroupId">;

/** Creates the tenant's group or adopts the one that has its name, records its id, audits a change. */
export async function recordTenantGroup(context: TenantJobContext, tenant: TenantGroupRef) {
  const group = await context.identity.ensureGroup(tenant.identityGroupName, { castello_tenant: tenant.slug });
  await context.db.transaction(async (tx) => {
    await tx.update(tenants).set({ identityGroupId: group.id, updatedAt: new Date() }).where(eq(tenants.id, tenant.id));
    if (tenant.identityGroupId !== group.id) {
      await recordAudit(tx, systemActor("job queue"), {
        action: group.created ? "tenant.identity_group.create" : "tenant.identity_group.adopt",
        tenantId: tenant.id,
        entity: { type: "tenant", id: tenant.id },
        after: { identityGroupName: group.name, identityGroupId: group.id },
      });
    }
  });
  return group;
}

/** The tenant's group id, creating (or adopting) the group first when none is recorded. */
export async function tenantGroupId(context: TenantJobContext, tenant: TenantGroupRef): Promise<string> {
  return tenant.identityGroupId ?? (await recordTenantGroup(context, tenant)).id;
}

export async function ensureTenantGroup(
  payload: PayloadOf<typeof ensureTenantGroupQueue>,
  context: TenantJobContext,
): Promise<{ groupId: string; created: boolean } | null> {
  const [tenant] = await context.db.select().from(tenants).where(eq(tenants.id, payload.tenantId));
  if (!tenant) return null;
  const group = await recordTenantGroup(context, tenant);
  return { groupId: group.id, created: group.created };
}
