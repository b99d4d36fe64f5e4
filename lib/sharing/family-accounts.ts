import { and, eq } from "drizzle-orm";
import { decryptSecret, encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { familyPhotoAccounts, type Family, type FamilyPhotoAccount, type FamilyPhotoAccountKind, type Tenant } from "@/lib/db/schema";
import type { PhotosCredentials, PhotosPort } from "@/lib/photos/port";
import { familyPhotoAccountContext } from "@/lib/tenants/key-context";
import { newFamilyAccount } from "./accounts";

export interface FamilyAccountContext {
  db: Database;
  keyring: Keyring;
  photos: PhotosPort;
}

/** The family's account of this kind: its row, made once (concurrent jobs agree on one). */
export async function familyAccountRow(
  context: FamilyAccountContext,
  tenant: Tenant,
  family: Family,
  kind: FamilyPhotoAccountKind,
): Promise<FamilyPhotoAccount> {
  const fresh = newFamilyAccount({ tenantSlug: tenant.slug, familyId: family.id, familyName: family.name, kind });
  await context.db
    .insert(familyPhotoAccounts)
    .values({
      tenantId: tenant.id,
      familyId: family.id,
      kind,
      subject: fresh.subject,
      email: fresh.email,
      name: fresh.name,
      passwordEncrypted: encryptSecret(context.keyring, fresh.password, familyPhotoAccountContext(tenant.slug, fresh.subject)),
    })
    .onConflictDoNothing();
  const [row] = await context.db
    .select()
    .from(familyPhotoAccounts)
    .where(and(eq(familyPhotoAccounts.familyId, family.id), eq(familyPhotoAccounts.kind, kind)));
  return row!;
}

export function credentialsOf(
  context: Pick<FamilyAccountContext, "keyring">,
  tenant: Tenant,
  account: FamilyPhotoAccount,
): PhotosCredentials {
  return {
    email: account.email,
    password: decryptSecret(context.keyring, account.passwordEncrypted, familyPhotoAccountContext(tenant.slug, account.subject)),
  };
}

/**
 * The account exists on the photo server, as Castello wants it: created with the sealed password
 * or adopted by its address (a retry after a timed-out create) and given that password, restored
 * if it was soft-deleted, with the family's allowance (library) or nothing (guests cannot upload).
 */
export async function ensureFamilyAccountUser(
  context: FamilyAccountContext,
  tenant: Tenant,
  family: Family,
  account: FamilyPhotoAccount,
): Promise<string> {
  const photos = context.photos.forTenant(tenant);
  const quotaBytes = account.kind === "library" ? family.storageAllowanceBytes : 0;
  const { password } = credentialsOf(context, tenant, account);
  let user = account.immichUserId ? await photos.getUser(account.immichUserId) : undefined;
  if (!user) {
    user = await photos.findUserByEmail(account.email);
    if (user) await photos.setPassword(user.id, password);
  }
  if (user?.status === "deleted") await photos.restoreUser(user.id);
  if (user && user.quotaBytes !== quotaBytes) await photos.setQuota(user.id, quotaBytes);
  user ??= await photos.createUser({ email: account.email, name: account.name, quotaBytes, password });
  if (account.immichUserId !== user.id) {
    await context.db
      .update(familyPhotoAccounts)
      .set({ immichUserId: user.id, updatedAt: new Date() })
      .where(eq(familyPhotoAccounts.id, account.id));
  }
  return user.id;
}

/** The guest account sees the whole family library in its timeline (Immich's partner sharing: view only). */
export async function ensureGuestSeesLibrary(context: FamilyAccountContext, tenant: Tenant, family: Family, guest: FamilyPhotoAccount) {
  const library = await familyAccountRow(context, tenant, family, "library");
  const libraryUserId = await ensureFamilyAccountUser(context, tenant, family, library);
  const guestUserId = await ensureFamilyAccountUser(context, tenant, family, guest);
  const photos = context.photos.forTenant(tenant);
  await photos.sharePartner(credentialsOf(context, tenant, library), guestUserId);
  await photos.showPartnerInTimeline(credentialsOf(context, tenant, guest), libraryUserId);
}
