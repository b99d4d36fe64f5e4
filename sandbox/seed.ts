import { and, eq } from "drizzle-orm";
import { systemActor, type Actor } from "../lib/audit/actor";
import type { Keyring } from "../lib/crypto/secret-box";
import type { Database } from "../lib/db/connect";
import { families, tenants, type ImmichRemovalPolicy } from "../lib/db/schema";
import { createFamily, changeFamilySettings } from "../lib/families/service";
import type { IdentityPort } from "../lib/identity/port";
import { acceptInvite } from "../lib/onboarding/service";
import type { PhotosPort } from "../lib/photos/port";
import { registerTenant, updateTenant } from "../lib/tenants/service";

/**
 * The one way the sandbox puts data in: through the service verbs, as an operator and an
 * owner would (register the tenant, create the family, accept the owner's invite), so the
 * seeded world is one the product itself could have made. Used by `npm run dev` and the e2e suite.
 */
export interface SeedDeps {
  db: Database;
  keyring: Keyring;
  identity: IdentityPort;
  photos: PhotosPort;
}

export interface SeedTenant {
  slug: string;
  displayName: string;
  immichUrl: string;
  immichApiKey: string;
  seatLimit?: number;
  defaultFamilyStorageBytes?: number;
}

export interface SeedOwner {
  sub: string;
  email: string;
  name: string;
}

const seeder: Actor = systemActor("sandbox seed");

/** Registers the tenant, or updates its Immich URL and key when it exists (the fake Immich's key is new at every start). */
export async function seedTenant(deps: SeedDeps, tenant: SeedTenant): Promise<number> {
  const fields = {
    displayName: tenant.displayName,
    immichUrl: tenant.immichUrl,
    immichApiKey: tenant.immichApiKey,
    defaultFamilyStorageGb: tenant.defaultFamilyStorageBytes ?? 200_000_000_000,
    seatLimit: tenant.seatLimit ?? 6,
  };
  const [existing] = await deps.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, tenant.slug));
  if (existing) {
    await updateTenant({ actor: seeder, input: { tenantId: existing.id, ...fields } }, deps);
    return existing.id;
  }
  const { tenant: created } = await registerTenant({ actor: seeder, input: { slug: tenant.slug, ...fields } }, deps);
  return created.id;
}

/** A family on the tenant whose owner (an existing identity account) has accepted the owner invite. */
export async function seedFamily(
  deps: SeedDeps,
  input: {
    tenantId: number;
    name: string;
    owner: SeedOwner;
    storageAllowanceBytes?: number;
    ownerQuotaBytes?: number | null;
    immichRemovalPolicy?: ImmichRemovalPolicy;
  },
): Promise<{ familyId: number; ownerMemberId: number }> {
  const { family, ownerInviteToken } = await createFamily(
    {
      actor: seeder,
      input: {
        tenantId: input.tenantId,
        name: input.name,
        ownerEmail: input.owner.email,
        storageAllowanceBytes: input.storageAllowanceBytes,
        ownerQuotaBytes: input.ownerQuotaBytes,
      },
    },
    deps,
  );
  const owner = await acceptInvite({ token: ownerInviteToken, person: input.owner }, deps);
  if (input.immichRemovalPolicy) {
    const asOwner: Actor = { type: "member", sub: input.owner.sub, label: input.owner.name };
    await changeFamilySettings({ actor: asOwner, input: { familyId: family.id, immichRemovalPolicy: input.immichRemovalPolicy } }, deps);
  }
  return { familyId: family.id, ownerMemberId: owner.id };
}

/** Removes a tenant's families, then the tenant (members, invites and jobs go with them): for a sandbox that starts empty. */
export async function resetTenant(db: Database, slug: string): Promise<void> {
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug));
  if (!tenant) return;
  await db.transaction(async (tx) => {
    await tx.delete(families).where(and(eq(families.tenantId, tenant.id)));
    await tx.delete(tenants).where(eq(tenants.id, tenant.id));
  });
}
