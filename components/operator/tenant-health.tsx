import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { tenants } from "@/lib/db/schema";
import { immichHealth } from "@/lib/immich/server";
import { getKeyring } from "@/lib/server/integrations";
import { immichConnectionOf } from "@/lib/tenants/connection";

/** Streams in after the table: a live Immich ping and version for one tenant. */
export async function TenantHealth({ tenantId }: { tenantId: number }) {
  const [tenant] = await getDb().select().from(tenants).where(eq(tenants.id, tenantId));
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
