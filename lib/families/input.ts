import { z } from "zod";
import { idField } from "@/lib/ids";
import { IMMICH_REMOVAL_POLICIES } from "@/lib/db/schema/enums";
import { isValidEmail, MAX_EMAIL_LENGTH, normalizeEmail } from "@/lib/invites/emails";
import { SUPPORTED_LOCALES } from "@/lib/mail/locale";
import { gbField } from "@/lib/storage/bytes";

const id = idField();
const blankIsDefault = <T extends z.ZodType>(field: T) => z.union([z.literal("").transform(() => undefined), field]).optional();

/** An operator's "New family": blank storage fields take the tenant's defaults. */
export const createFamilyInput = z
  .object({
    tenantId: id,
    name: z.string().trim().min(1, "Enter the family's name.").max(100, "At most 100 characters."),
    storageGb: blankIsDefault(gbField()),
    ownerEmail: z
      .string()
      .max(MAX_EMAIL_LENGTH + 40, "At most 254 characters.")
      .transform(normalizeEmail)
      .refine(isValidEmail, "Enter the owner's e-mail address (at most 64 characters before the @ and 254 in all)."),
    ownerQuotaGb: blankIsDefault(gbField()),
    ownerLocale: z.enum(SUPPORTED_LOCALES).optional(),
  })
  .transform(({ storageGb, ownerQuotaGb, ...rest }) => ({ ...rest, storageAllowanceBytes: storageGb, ownerQuotaBytes: ownerQuotaGb }));
export type CreateFamilyInput = z.output<typeof createFamilyInput>;

/** What the owner may change; a field left out stays as it is. */
export const familySettingsInput = z.object({
  familyId: id,
  immichRemovalPolicy: z.enum(IMMICH_REMOVAL_POLICIES, { error: "Choose what happens to a removed member's photos." }).optional(),
});
export type FamilySettingsInput = z.output<typeof familySettingsInput>;
