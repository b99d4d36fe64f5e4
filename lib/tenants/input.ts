import { z } from "zod";
import { idField } from "@/lib/ids";
import { gbField } from "@/lib/storage/bytes";

// Messages are catalogue keys (messages/en/validation.json), translated where the form is answered.

export const TENANT_SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const immichUrl = z
  .string()
  .trim()
  .min(1, "validation.immichUrl")
  .pipe(z.url({ protocol: /^https?$/, error: "validation.immichUrlFormat" }))
  .transform((value) => value.replace(/\/+$/, "").replace(/\/api$/, ""));

const storageGb = gbField();

/** Seats of a family: the tenant's default, or one family's own. */
export const seatLimitField = () =>
  z.coerce
    .number({ error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(1, "validation.seatsMin")
    .max(1000, "validation.seatsMax");

const seatLimit = seatLimitField();

export const registerTenantInput = z.object({
  slug: z.string().trim().toLowerCase().regex(TENANT_SLUG, "validation.slug"),
  displayName: z.string().trim().min(1, "validation.name").max(100, "validation.tooLong"),
  immichUrl,
  immichApiKey: z.string().trim().min(1, "validation.apiKey"),
  defaultFamilyStorageGb: storageGb,
  seatLimit,
});
export type RegisterTenantInput = z.output<typeof registerTenantInput>;

export const updateTenantInput = z.object({
  tenantId: idField(),
  displayName: z.string().trim().min(1, "validation.name").max(100, "validation.tooLong"),
  immichUrl,
  /** Blank keeps the saved key. */
  immichApiKey: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  defaultFamilyStorageGb: storageGb,
  seatLimit,
});
export type UpdateTenantInput = z.output<typeof updateTenantInput>;

export const tenantStatusInput = z.object({
  tenantId: idField(),
  status: z.enum(["active", "suspended"]),
});

/** Authentik group of a tenant's members: deterministic, so a retried job adopts it. */
export function tenantGroupName(slug: string): string {
  return `castello-tenant-${slug}`;
}
