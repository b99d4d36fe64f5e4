import { eq, sql } from "drizzle-orm";
import type { Database, Executor } from "@/lib/db/connect";
import { tenantChecks, tenants } from "@/lib/db/schema";
import { message } from "@/lib/i18n/message";
import type { PhotosHealth, PhotosPort } from "@/lib/photos/port";

export interface OverviewJobContext {
  db: Database;
  photos: Pick<PhotosPort, "forTenant">;
}

/** Keeps a tenant's last photo-server ping, so the dashboard never waits on Immich. */
export async function recordPhotosHealth(db: Executor, tenantId: number, health: PhotosHealth): Promise<void> {
  const values = { photosHealth: health, photosHealthCheckedAt: sql`now()` };
  await db
    .insert(tenantChecks)
    .values({ tenantId, ...values })
    .onConflictDoUpdate({ target: tenantChecks.tenantId, set: values });
}

/**
 * Scheduled (tenant.refresh-overview, every minute): recounts every tenant's families, active
 * members and pending invites in one statement, and pings each active tenant's Immich at once
 * (each ping has the port's own timeout). The dashboard reads both from tenant_checks.
 */
export async function refreshTenantOverview(_payload: Record<string, unknown>, context: OverviewJobContext) {
  await context.db.execute(sql`
    insert into tenant_checks (tenant_id, families_count, active_members_count, pending_invites_count, counted_at)
    select t.id,
      (select count(*) from families f where f.tenant_id = t.id),
      (select count(*) from members m where m.tenant_id = t.id and m.status = 'active'),
      (select count(*) from invites i where i.tenant_id = t.id and i.status = 'pending'),
      now()
    from tenants t
    on conflict (tenant_id) do update set
      families_count = excluded.families_count,
      active_members_count = excluded.active_members_count,
      pending_invites_count = excluded.pending_invites_count,
      counted_at = excluded.counted_at`);
  const active = await context.db
    .select({ id: tenants.id, slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted })
    .from(tenants)
    .where(eq(tenants.status, "active"));
  await Promise.all(
    active.map(async (tenant) => {
      let health: PhotosHealth;
      try {
        health = await context.photos.forTenant(tenant).health();
      } catch {
        health = { reachable: false, error: message("operator.health.keyUndecryptable") };
      }
      await recordPhotosHealth(context.db, tenant.id, health);
    }),
  );
  return { tenants: active.length };
}
