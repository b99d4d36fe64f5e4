import "server-only";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { tenants } from "@/lib/db/schema";
import { immichHealth } from "@/lib/immich/server";
import { getKeyring } from "@/lib/server/integrations";
import { immichConnectionOf } from "@/lib/tenants/connection";

/** Every tenant's Immich address and sealed key, read once per request for all the health cells. */
const tenantConnections = cache(async () => {
  const rows = await getDb()
    .select({ id: tenants.id, slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted })
    .from(tenants);
  return new Map(rows.map((row) => [row.id, row]));
});

/** Streams in after the table: a live Immich ping and version for one tenant. */
export async function TenantHealth({ tenantId }: { tenantId: number }) {
  const tenant = (await tenantConnections()).get(tenantId);
  if (!tenant) return null;
  let health;
  try {
    health = await immichHealth(immichConnectionOf(tenant, getKeyring()));
  } catch {
    health = { reachable: false, error: "The saved API key cannot be decrypted with the configured keys." };
  }
  return health.reachable ? (
    <span className="text-emerald-700">Immich {health.version}</span>
  ) : (
    <span className="text-red-700" title={health.error}>
      Immich unreachable
    </span>
  );
}

export function HealthPending() {
  return <span className="text-stone-400">checking…</span>;
}
