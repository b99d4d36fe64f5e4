import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { tenants } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import type { PhotosPort } from "@/lib/photos/port";

/**
 * The family page's live figures, from the other systems: what only they know (bytes used,
 * MFA devices). Each resolves to null when the system cannot be asked; the page streams them.
 */

/** Bytes used per photos user on the family's tenant, from one statistics call. */
export async function storageUsage(db: Executor, photos: PhotosPort, tenantId: number): Promise<Map<string, number> | null> {
  const [tenant] = await db
    .select({ slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!tenant) return null;
  try {
    return await photos.forTenant(tenant).usageByUser();
  } catch {
    return null;
  }
}

/** Whether the account has a confirmed MFA device. */
export async function hasMfa(identity: Pick<IdentityPort, "listMfaDevices">, accountId: string): Promise<boolean | null> {
  try {
    return (await identity.listMfaDevices(accountId)).some((device) => device.confirmed);
  } catch {
    return null;
  }
}
