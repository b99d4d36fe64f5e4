import { eq } from "drizzle-orm";
import type { Actor } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record";
import type { Keyring } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/connect";
import { families, tenants, type Family, type Invite } from "@/lib/db/schema";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { requireMembership } from "@/lib/membership/require";
import { normalizeEmail } from "@/lib/invites/emails";
import { defaultQuota } from "@/lib/invites/rules";
import { writeInvite } from "@/lib/invites/service";
import type { CreateFamilyInput, FamilySettingsInput } from "./input";
import { DEFAULT_LOCALE } from "@/lib/i18n/locales";
import { message } from "@/lib/i18n/message";

export interface FamilyDeps {
  db: Database;
  keyring: Keyring;
  now?: () => Date;
}

export interface CreatedFamily {
  family: Family;
  ownerInvite: Invite;
  /** The owner's link token, for an in-process caller that delivers it itself (the sandbox seed); the e-mail carries it too. */
  ownerInviteToken: string;
}

/**
 * An operator creates a family on a tenant for a customer: the family, and an owner invite
 * that goes through the same journey as any invite (mail, enrollment with MFA, provisioning).
 * Until the owner accepts, the family waits for its owner.
 */
/** `ownerQuotaBytes`: left out, an equal share of the allowance; null, no quota. */
export type NewFamily = Omit<CreateFamilyInput, "ownerQuotaBytes"> & { ownerQuotaBytes?: number | null };

export async function createFamily({ actor, input }: { actor: Actor; input: NewFamily }, deps: FamilyDeps): Promise<CreatedFamily> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, input.tenantId)).for("share");
    if (!tenant) throw new NotFoundError(message("errors.noSuchTenant"));
    if (tenant.status !== "active") throw new ConflictError(message("errors.tenantSuspended"));
    const allowance = input.storageAllowanceBytes ?? tenant.defaultFamilyStorageBytes;
    const seatLimit = input.seatLimit ?? tenant.seatLimit;
    const [family] = await tx
      .insert(families)
      .values({
        tenantId: tenant.id,
        name: input.name,
        storageAllowanceBytes: allowance,
        seatLimit: input.seatLimit ?? null,
        defaultLocale: input.ownerLocale ?? DEFAULT_LOCALE,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "family.create",
      tenantId: tenant.id,
      familyId: family!.id,
      entity: { type: "family", id: family!.id },
      after: { name: family!.name, storageAllowanceBytes: allowance, seatLimit, ownerEmail: normalizeEmail(input.ownerEmail) },
    });
    const { invite, token } = await writeInvite(
      tx,
      actor,
      {
        tenantId: tenant.id,
        familyId: family!.id,
        email: normalizeEmail(input.ownerEmail),
        role: "owner",
        quotaBytes: input.ownerQuotaBytes === undefined ? defaultQuota(allowance, seatLimit, allowance) : input.ownerQuotaBytes,
        locale: input.ownerLocale ?? DEFAULT_LOCALE,
        invitedByMemberId: null,
      },
      { keyring: deps.keyring, now },
    );
    return { family: family!, ownerInvite: invite, ownerInviteToken: token };
  });
}

/** The owner changes how the family is run; only what was sent changes, and the change is audited. */
export async function changeFamilySettings(
  { actor, input }: { actor: Actor; input: FamilySettingsInput },
  deps: Pick<FamilyDeps, "db">,
): Promise<Family> {
  return deps.db.transaction(async (tx) => {
    await requireMembership(tx, actor, input.familyId, "family.settings");
    const [current] = await tx.select().from(families).where(eq(families.id, input.familyId)).for("update");
    if (!current) throw new NotFoundError(message("errors.noSuchFamily"));
    const wanted = {
      name: input.name,
      defaultLocale: input.defaultLocale,
      immichRemovalPolicy: input.immichRemovalPolicy,
    };
    // Only what differs is written and audited.
    const changes = Object.fromEntries(
      Object.entries(wanted).filter(([key, value]) => value !== undefined && value !== current[key as keyof typeof wanted]),
    ) as Partial<typeof wanted>;
    if (Object.keys(changes).length === 0) return current;
    const [updated] = await tx
      .update(families)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(families.id, current.id))
      .returning();
    await recordAudit(tx, actor, {
      action: "family.settings.change",
      tenantId: current.tenantId,
      familyId: current.id,
      entity: { type: "family", id: current.id },
      before: Object.fromEntries(Object.keys(changes).map((key) => [key, current[key as keyof typeof wanted]])),
      after: changes,
    });
    return updated!;
  });
}
