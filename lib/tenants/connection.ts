import { decryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import { NotFoundError } from "@/lib/errors";
import type { PhotosTenant } from "@/lib/photos/port";
import { tenantKeyContext } from "./key-context";

/** A tenant's Immich admin key, unsealed in memory for one use. */
export function unsealTenantApiKey(tenant: PhotosTenant, keyring: Keyring): string {
  if (!tenant.immichApiKeyEncrypted) throw new NotFoundError(`Tenant ${tenant.slug} has no Immich API key.`);
  return decryptSecret(keyring, tenant.immichApiKeyEncrypted, tenantKeyContext(tenant.slug));
}
