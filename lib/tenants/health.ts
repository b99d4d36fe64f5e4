import "server-only";
import { inArray } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { tenants } from "@/lib/db/schema";
import { message } from "@/lib/i18n/message";
import type { PhotosHealth, PhotosPort } from "@/lib/photos/port";

/**
 * Each tenant's live photo-server health, started at once and awaited where shown (the
 * dashboard streams each cell). The sealed keys are read here and never leave the server.
 */
export async function photosHealthByTenant(
  db: Executor,
  photos: PhotosPort,
  tenantIds: number[],
): Promise<Map<number, Promise<PhotosHealth>>> {
  if (tenantIds.length === 0) return new Map();
  const rows = await db
    .select({ id: tenants.id, slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted })
    .from(tenants)
    .where(inArray(tenants.id, tenantIds));
  return new Map(rows.map((tenant) => [tenant.id, healthOf(photos, tenant)]));
}

async function healthOf(photos: PhotosPort, tenant: Parameters<PhotosPort["forTenant"]>[0]): Promise<PhotosHealth> {
  let server;
  try {
    server = photos.forTenant(tenant);
  } catch {
    return { reachable: false, error: message("operator.health.keyUndecryptable") };
  }
  return server.health();
}
