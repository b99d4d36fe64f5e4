import { z } from "zod";
import { idField } from "@/lib/ids";
import { gbField } from "@/lib/storage/bytes";

export const TENANT_SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const immichUrl = z
  .string()
  .trim()
  .min(1, "Enter the Immich URL.")
  .pipe(z.url({ protocol: /^https?$/, error: "Enter a full http:// or https:// URL, e.g. https://photos.example.eu" }))
  .transform((value) => value.replace(/\/+$/, "").replace(/\/api$/, ""));

const storageGb = gbField();

const seatLimit = z.coerce
  .number({ error: "Enter a whole number." })
  .int("Enter a whole number.")
  .min(1, "A family needs at least one seat.")
  .max(1000, "At most 1000 seats.");

export const registerTenantInput = z.object({
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(TENANT_SLUG, "Use lowercase letters, digits and dashes (a DNS label, at most 63 characters)."),
  displayName: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
  immichUrl,
  immichApiKey: z.string().trim().min(1, "Enter the Immich admin API key."),
  defaultFamilyStorageGb: storageGb,
  seatLimit,
});
export type RegisterTenantInput = z.output<typeof registerTenantInput>;

export const updateTenantInput = z.object({
  tenantId: idField(),
  displayName: z.string().trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
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
