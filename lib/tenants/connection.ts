import { decryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Tenant } from "@/lib/db/schema";
import { NotFoundError } from "@/lib/errors";
import type { ImmichConnection } from "@/lib/immich/client";
import { tenantKeyContext } from "./key-context";

/** A tenant's Immich URL and its key, unsealed in memory for one use. */
export function immichConnectionOf(tenant: Pick<Tenant, "slug" | "immichUrl" | "immichApiKeyEncrypted">, keyring: Keyring): ImmichConnection {
  if (!tenant.immichApiKeyEncrypted) throw new NotFoundError(`Tenant ${tenant.slug} has no Immich API key.`);
  return { url: tenant.immichUrl, apiKey: decryptSecret(keyring, tenant.immichApiKeyEncrypted, tenantKeyContext(tenant.slug)) };
}
