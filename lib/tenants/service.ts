import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Database, Executor } from "@/lib/db/connect";
import { tenants, type Tenant } from "@/lib/db/schema";
import { encryptSecret, type Keyring } from "@/lib/crypto/secret-box";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/outbox";
import { recordPhotosHealth } from "./overview";
import type { PhotosPort, PhotosServerCheck } from "@/lib/photos/port";
import { tenantKeyContext } from "./key-context";
import { tenantGroupName, type RegisterTenantInput, type UpdateTenantInput } from "./input";
import { ensureTenantGroupQueue, wireTenantQueue } from "./queues";
import { message } from "@/lib/i18n/message";

export interface TenantDeps {
  db: Database;
  keyring: Keyring;
  photos: Pick<PhotosPort, "verifyServer">;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause =
    (error as { cause?: { code?: string; constraint_name?: string } }).cause ?? (error as { code?: string; constraint_name?: string });
  return cause?.code === "23505" && cause.constraint_name === constraint;
}

/** Wires (or rewires) the tenant's single sign-on; `cause` tells this occurrence from earlier ones. */
export function enqueueWiring(tx: Executor, tenant: Pick<Tenant, "id">, cause: Date | number) {
  return enqueueJob(tx, {
    queue: wireTenantQueue,
    payload: { tenantId: tenant.id },
    subject: { type: "tenant", id: tenant.id },
    occurrence: [cause],
    tenantId: tenant.id,
  });
}

/**
 * Registers a tenant: checks the Immich URL and key first (nothing is saved when they
 * fail), then in one transaction saves it with the key sealed, writes the audit row and
 * enqueues the creation (or adoption) of its Authentik group.
 */
export async function registerTenant(
  { actor, input }: { actor: Actor; input: RegisterTenantInput },
  deps: TenantDeps,
): Promise<{ tenant: Tenant; immich: PhotosServerCheck }> {
  const [taken] = await deps.db.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, input.slug));
  if (taken) throw new ConflictError(message("errors.slugTaken"), "slug");
  const immich = await deps.photos.verifyServer({ url: input.immichUrl, apiKey: input.immichApiKey });
  try {
    const tenant = await deps.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(tenants)
        .values({
          slug: input.slug,
          displayName: input.displayName,
          immichUrl: input.immichUrl,
          immichApiKeyEncrypted: encryptSecret(deps.keyring, input.immichApiKey, tenantKeyContext(input.slug)),
          identityGroupName: tenantGroupName(input.slug),
          defaultFamilyStorageBytes: input.defaultFamilyStorageGb,
          seatLimit: input.seatLimit,
        })
        .returning();
      await recordAudit(tx, actor, {
        action: "tenant.create",
        tenantId: created!.id,
        entity: { type: "tenant", id: created!.id },
        after: {
          slug: created!.slug,
          displayName: created!.displayName,
          immichUrl: created!.immichUrl,
          immichVersion: immich.version,
          seatLimit: created!.seatLimit,
        },
      });
      await enqueueJob(tx, {
        queue: ensureTenantGroupQueue,
        payload: { tenantId: created!.id },
        subject: { type: "tenant", id: created!.id },
        tenantId: created!.id,
      });
      await enqueueWiring(tx, created!, created!.createdAt);
      // Just checked: the dashboard shows it at once, the minute job keeps it fresh.
      await recordPhotosHealth(tx, created!.id, { reachable: true, version: immich.version });
      return created!;
    });
    return { tenant, immich };
  } catch (error) {
    if (isUniqueViolation(error, "tenants_slug_key")) throw new ConflictError(message("errors.slugTaken"), "slug");
    throw error;
  }
}

/** Edits a tenant; a new URL or key is checked against Immich before anything is saved. */
export async function updateTenant({ actor, input }: { actor: Actor; input: UpdateTenantInput }, deps: TenantDeps): Promise<Tenant> {
  const [current] = await deps.db.select().from(tenants).where(eq(tenants.id, input.tenantId));
  if (!current) throw new NotFoundError(message("errors.noSuchTenant"));
  const urlChanged = current.immichUrl !== input.immichUrl;
  // The saved key is never sent to an address it was not saved for.
  if (urlChanged && !input.immichApiKey) throw new ValidationError({ immichApiKey: [message("errors.apiKeyAgain")] });
  if (input.immichApiKey) await deps.photos.verifyServer({ url: input.immichUrl, apiKey: input.immichApiKey });
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(tenants)
      .set({
        displayName: input.displayName,
        immichUrl: input.immichUrl,
        defaultFamilyStorageBytes: input.defaultFamilyStorageGb,
        seatLimit: input.seatLimit,
        updatedAt: new Date(),
        ...(input.immichApiKey
          ? { immichApiKeyEncrypted: encryptSecret(deps.keyring, input.immichApiKey, tenantKeyContext(current.slug)) }
          : {}),
      })
      .where(eq(tenants.id, current.id))
      .returning();
    await recordAudit(tx, actor, {
      action: "tenant.update",
      tenantId: current.id,
      entity: { type: "tenant", id: current.id },
      before: {
        displayName: current.displayName,
        immichUrl: current.immichUrl,
        defaultFamilyStorageBytes: current.defaultFamilyStorageBytes,
        seatLimit: current.seatLimit,
      },
      after: {
        displayName: updated!.displayName,
        immichUrl: updated!.immichUrl,
        defaultFamilyStorageBytes: updated!.defaultFamilyStorageBytes,
        seatLimit: updated!.seatLimit,
        ...(input.immichApiKey ? { immichApiKey: "replaced" } : {}),
      },
    });
    // Another Immich (or the same one, reset) needs its sign-on set again; its redirect URIs change with the URL.
    if (urlChanged || input.immichApiKey) await enqueueWiring(tx, updated!, updated!.updatedAt);
    return updated!;
  });
}

export async function setTenantStatus(
  { actor, input }: { actor: Actor; input: { tenantId: number; status: "active" | "suspended" } },
  deps: Pick<TenantDeps, "db">,
): Promise<Tenant> {
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId)).for("update");
    if (!current) throw new NotFoundError(message("errors.noSuchTenant"));
    if (current.status === input.status) return current;
    const [updated] = await tx
      .update(tenants)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(tenants.id, current.id))
      .returning();
    await recordAudit(tx, actor, {
      action: input.status === "suspended" ? "tenant.suspend" : "tenant.resume",
      tenantId: current.id,
      entity: { type: "tenant", id: current.id },
      before: { status: current.status },
      after: { status: updated!.status },
    });
    return updated!;
  });
}
