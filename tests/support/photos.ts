import type { Keyring } from "@/lib/crypto/secret-box";
import { createImmichPhotos } from "@/lib/photos/immich/adapter";
import { unsealTenantApiKey } from "@/lib/tenants/connection";

/** The photos port as the product builds it, unsealing tenants' keys with the test keyring. */
export const testPhotos = (keyring: Keyring) => createImmichPhotos({ unsealApiKey: (tenant) => unsealTenantApiKey(tenant, keyring) });
