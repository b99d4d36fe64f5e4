import { z } from "zod";
import { idField } from "@/lib/ids";
import { IMMICH_REMOVAL_POLICIES, SHARING_MODES } from "@/lib/db/schema/enums";
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from "@/lib/invites/emails";
import { LOCALES } from "@/lib/i18n/locales";
import { gbField } from "@/lib/storage/bytes";
import { seatLimitField } from "@/lib/tenants/input";

const id = idField();
const blankIsDefault = <T extends z.ZodType>(field: T) => z.union([z.literal("").transform(() => undefined), field]).optional();

/** An operator's "New family": blank storage fields take the tenant's defaults. */
export const createFamilyInput = z
  .object({
    tenantId: id,
    name: z.string().trim().min(1, "validation.familyName").max(100, "validation.tooLong"),
    storageGb: blankIsDefault(gbField()),
    seatLimit: blankIsDefault(seatLimitField()),
    ownerEmail: z
      .string()
      .max(MAX_EMAIL_LENGTH + 40, "validation.ownerEmail")
      .transform(normalizeEmail)
      .refine(isValidEmail, "validation.ownerEmail"),
    ownerQuotaGb: blankIsDefault(gbField()),
    ownerLocale: z.enum(LOCALES, { error: "validation.locale" }).optional(),
  })
  .transform(({ storageGb, ownerQuotaGb, ...rest }) => ({ ...rest, storageAllowanceBytes: storageGb, ownerQuotaBytes: ownerQuotaGb }));
export type CreateFamilyInput = z.output<typeof createFamilyInput>;

/** What the owner may change; a field left out stays as it is. */
export const familySettingsInput = z.object({
  familyId: id,
  name: z.string().max(400, "validation.tooLong").trim().min(1, "validation.familyName").max(100, "validation.tooLong").optional(),
  defaultLocale: z.enum(LOCALES, { error: "validation.locale" }).optional(),
  immichRemovalPolicy: z.enum(IMMICH_REMOVAL_POLICIES, { error: "validation.removalPolicy" }).optional(),
});
export type FamilySettingsInput = z.output<typeof familySettingsInput>;

/** The sharing mode has its own form and verb: switching it does more than a setting (lib/sharing). */
export const sharingModeInput = z.object({
  familyId: id,
  sharingMode: z.enum(SHARING_MODES, { error: "validation.sharingMode" }),
});
export type SharingModeInput = z.output<typeof sharingModeInput>;

/** An operator's limits for one family: both fields, in GB and seats. */
export const familyLimitsInput = z
  .object({ familyId: id, storageGb: gbField(), seatLimit: seatLimitField() })
  .transform(({ storageGb, ...rest }) => ({ ...rest, storageAllowanceBytes: storageGb }));
export type FamilyLimitsInput = z.output<typeof familyLimitsInput>;

export const familyStatusInput = z.object({
  familyId: id,
  status: z.enum(["active", "suspended"], { error: "validation.invalid" }),
  reason: z.string().max(500, "validation.tooLong").trim().optional(),
});
export type FamilyStatusInput = z.output<typeof familyStatusInput>;

/** Closing takes the family's name typed out; the verb compares it. */
export const closeFamilyInput = z.object({
  familyId: id,
  confirm: z.string().max(200, "validation.tooLong"),
});
export type CloseFamilyInput = z.output<typeof closeFamilyInput>;

export const restoreFamilyInput = z.object({
  familyId: id,
  reason: z.string().max(500, "validation.tooLong").trim().optional(),
});
export type RestoreFamilyInput = z.output<typeof restoreFamilyInput>;
