import { z } from "zod";
import { idField } from "@/lib/ids";
import { LOCALES } from "@/lib/i18n/locales";
import { gbField } from "@/lib/storage/bytes";
import { MAX_EMAIL_LIST_LENGTH } from "./emails";

const id = idField();

/** The form's `quotaGb` (blank: the family's default share) becomes `quotaBytes`. */
export const createInvitesInput = z
  .object({
    familyId: id,
    // Bounded before anything reads it: the most addresses a request may hold, at RFC 5321's longest.
    emails: z.string().max(MAX_EMAIL_LIST_LENGTH, "validation.tooManyAddresses").trim().min(1, "validation.emailsRequired"),
    role: z.enum(["admin", "member", "guest"], { error: "validation.role" }),
    quotaGb: z.union([z.literal("").transform(() => undefined), gbField()]).optional(),
    locale: z.enum(LOCALES, { error: "validation.locale" }).optional(),
  })
  .transform(({ quotaGb, ...rest }) => ({ ...rest, quotaBytes: quotaGb }));
export type CreateInvitesInput = z.output<typeof createInvitesInput>;

export const inviteRefInput = z.object({ familyId: id, inviteId: id });
export type InviteRefInput = z.output<typeof inviteRefInput>;
