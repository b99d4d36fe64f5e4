import { z } from "zod";
import { SUPPORTED_LOCALES } from "@/lib/mail/locale";
import { gbField } from "@/lib/storage/bytes";

const id = z.coerce.number().int().positive();

/** The form's `quotaGb` (blank: the family's default share) becomes `quotaBytes`. */
export const createInvitesInput = z
  .object({
    familyId: id,
    emails: z.string().trim().min(1, "Enter at least one e-mail address."),
    role: z.enum(["admin", "member", "guest"], { error: "Choose a role." }),
    quotaGb: z.union([z.literal("").transform(() => undefined), gbField()]).optional(),
    locale: z.enum(SUPPORTED_LOCALES).optional(),
  })
  .transform(({ quotaGb, ...rest }) => ({ ...rest, quotaBytes: quotaGb }));
export type CreateInvitesInput = z.output<typeof createInvitesInput>;

export const inviteRefInput = z.object({ familyId: id, inviteId: id });
export type InviteRefInput = z.output<typeof inviteRefInput>;
