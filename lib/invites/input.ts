import { z } from "zod";
import { SUPPORTED_LOCALES } from "@/lib/mail/locale";

const GB = 1_000_000_000;
const id = z.coerce.number().int().positive();

export const createInvitesInput = z.object({
  familyId: id,
  emails: z.string().trim().min(1, "Enter at least one e-mail address."),
  role: z.enum(["admin", "member", "guest"], { error: "Choose a role." }),
  quotaGb: z
    .union([z.literal("").transform(() => undefined), z.coerce.number({ error: "Enter a number of GB." }).min(0, "Storage cannot be negative.")])
    .optional()
    .transform((gb) => (gb === undefined ? undefined : Math.round(gb * GB))),
  locale: z.enum(SUPPORTED_LOCALES).optional(),
});
export type CreateInvitesInput = z.output<typeof createInvitesInput>;

export const inviteRefInput = z.object({ familyId: id, inviteId: id });
export type InviteRefInput = z.output<typeof inviteRefInput>;
