import "server-only";
import { eq } from "drizzle-orm";
import { cache } from "react";
import { listMfaDevices } from "@/lib/authentik/users";
import { getDb } from "@/lib/db/client";
import { tenants } from "@/lib/db/schema";
import { usageByUser } from "@/lib/immich/users";
import { getAuthentik, getKeyring } from "@/lib/server/integrations";
import { immichConnectionOf } from "@/lib/tenants/connection";
import { StorageBar } from "./storage-bar";

/** One Immich statistics call per tenant per request, shared by every member's cell. */
const tenantUsage = cache(async (tenantId: number): Promise<Map<string, number> | null> => {
  const [tenant] = await getDb().select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) return null;
  try {
    return await usageByUser(immichConnectionOf(tenant, getKeyring()));
  } catch {
    return null;
  }
});

export async function UsageCell({ tenantId, immichUserId, quotaBytes, name }: { tenantId: number; immichUserId: string | null; quotaBytes: number | null; name: string }) {
  if (!immichUserId) return <span className="text-sm text-amber-700">account being created</span>;
  const usage = await tenantUsage(tenantId);
  return <StorageBar usedBytes={usage ? (usage.get(immichUserId) ?? 0) : null} quotaBytes={quotaBytes} label={`Storage used by ${name}`} />;
}

export async function MfaCell({ authentikUserPk }: { authentikUserPk: number | null }) {
  if (!authentikUserPk) return <span className="text-stone-500">unknown</span>;
  const devices = await listMfaDevices(getAuthentik(), authentikUserPk).catch(() => null);
  if (!devices) return <span className="text-stone-500">unknown (Authentik unreachable)</span>;
  return devices.some((device) => device.confirmed) ? <span className="text-emerald-700">MFA on</span> : <span className="font-semibold text-red-700">no MFA</span>;
}
