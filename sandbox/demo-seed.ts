import { createDatabase } from "../lib/db/connect";
import type { Keyring } from "../lib/crypto/secret-box";
import { createAuthentikIdentity } from "../lib/identity/authentik/adapter";
import { createImmichPhotos } from "../lib/photos/immich/adapter";
import { unsealTenantApiKey } from "../lib/tenants/connection";
import type { Directory } from "./authentik/directory";
import { resetTenant, seedFamily, seedTenant } from "./seed";

const GB = 1_000_000_000;

export interface DemoSeedOptions {
  directory: Directory;
  authentikUrl: string;
  authentikToken: string;
  immichUrl: string;
  /** The fake Immich's admin key: new at every start. */
  immichApiKey: string;
  keyring: Keyring;
}

/**
 * The demo `npm run dev` shows: a tenant on the fake Immich with one family, owned by the
 * sandbox user `clara`. The fakes start empty at every start, so the demo tenant is rebuilt
 * through the verbs each time; the job worker then creates its group and Clara's photos account.
 */
export async function seedDemo(databaseUrl: string, options: DemoSeedOptions): Promise<void> {
  const owner = options.directory.findUserByUsername("clara");
  if (!owner) throw new Error("sandbox user clara is missing");
  const { db, close } = createDatabase(databaseUrl, { max: 2 });
  const deps = {
    db,
    keyring: options.keyring,
    identity: createAuthentikIdentity({ url: options.authentikUrl, token: options.authentikToken }),
    photos: createImmichPhotos({ unsealApiKey: (tenant) => unsealTenantApiKey(tenant, options.keyring) }),
  };
  try {
    await resetTenant(db, "demo");
    const tenantId = await seedTenant(deps, {
      slug: "demo",
      displayName: "Demo Photos",
      immichUrl: options.immichUrl,
      immichApiKey: options.immichApiKey,
      defaultFamilyStorageBytes: 200 * GB,
    });
    await seedFamily(deps, {
      tenantId,
      name: "Rossi family",
      owner: { sub: owner.uid, email: owner.email, name: owner.name },
      storageAllowanceBytes: 200 * GB,
      ownerQuotaBytes: 100 * GB,
    });
  } finally {
    await close();
  }
}
