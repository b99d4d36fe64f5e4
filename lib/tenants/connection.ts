import { decryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import { NotFoundError } from "@/lib/errors";
import type { PhotosTenant } from "@/lib/photos/port";
import { tenantKeyContext } from "./key-context";
import { message } from "@/lib/i18n/message";

/** A tenant's Immich admin key, unsealed in memory for one use. */
export function unsealTenantApiKey(tenant: PhotosTenant, keyring: Keyring): string {
  if (!tenant.immichApiKeyEncrypted) throw new NotFoundError(message("errors.tenantHasNoKey", { slug: tenant.slug }));
  return decryptSecret(keyring, tenant.immichApiKeyEncrypted, tenantKeyContext(tenant.slug));
}
