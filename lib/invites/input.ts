import { z } from "zod";
import { idField } from "@/lib/ids";
import { SUPPORTED_LOCALES } from "@/lib/mail/locale";
import { gbField } from "@/lib/storage/bytes";
import { MAX_EMAIL_LIST_LENGTH } from "./emails";
import { MAX_EMAILS_PER_REQUEST } from "./rules";

const id = idField();

/** The form's `quotaGb` (blank: the family's default share) becomes `quotaBytes`. */
export const createInvitesInput = z
  .object({
    familyId: id,
    // Bounded before anything reads it: the most addresses a request may hold, at RFC 5321's longest.
    emails: z
      .string()
      .max(MAX_EMAIL_LIST_LENGTH, `At most ${MAX_EMAILS_PER_REQUEST} addresses at a time.`)
      .trim()
      .min(1, "Enter at least one e-mail address."),
    role: z.enum(["admin", "member", "guest"], { error: "Choose a role." }),
    quotaGb: z.union([z.literal("").transform(() => undefined), gbField()]).optional(),
    locale: z.enum(SUPPORTED_LOCALES).optional(),
  })
  .transform(({ quotaGb, ...rest }) => ({ ...rest, quotaBytes: quotaGb }));
export type CreateInvitesInput = z.output<typeof createInvitesInput>;

export const inviteRefInput = z.object({ familyId: id, inviteId: id });
export type InviteRefInput = z.output<typeof inviteRefInput>;
