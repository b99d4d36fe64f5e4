import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database, Executor } from "@/lib/db/connect";
import { tenants } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";
import { enqueueJob } from "@/lib/jobs/outbox";
import { checkTenantWiringQueue } from "./queues";
import { enqueueWiring } from "./service";

async function lockTenant(tx: Executor, tenantId: number) {
  const [tenant] = await tx.select({ id: tenants.id, slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  if (!tenant) throw new NotFoundError(message("errors.noSuchTenant"));
  return tenant;
}

/** "Repair": sets the whole sign-on again through the queue, audited; the page shows it pending. */
export async function repairTenantWiring({ actor, tenantId }: { actor: Actor; tenantId: number }, deps: { db: Database }) {
  await deps.db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, tenantId);
    const auditId = await recordAudit(tx, actor, {
      action: "tenant.wiring.repair",
      tenantId: tenant.id,
      entity: { type: "tenant", id: tenant.id },
    });
    await enqueueWiring(tx, tenant, auditId);
  });
}

/** "Check again": looks at both systems and stores what differs, changing nothing. */
export async function recheckTenantWiring({ tenantId, requestedAt }: { tenantId: number; requestedAt: Date }, deps: { db: Database }) {
  await deps.db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, tenantId);
    await enqueueJob(tx, {
      queue: checkTenantWiringQueue,
      payload: { tenantId: tenant.id },
      subject: { type: "tenant", id: tenant.id },
      occurrence: [requestedAt],
      tenantId: tenant.id,
    });
  });
}
