import { z } from "zod";
import { idField } from "@/lib/ids";
import { gbField } from "@/lib/storage/bytes";

const id = idField();

export const memberRefInput = z.object({ familyId: id, memberId: id });
export const changeRoleInput = memberRefInput.extend({ role: z.enum(["admin", "member", "guest"], { error: "validation.role" }) });
/** The form's `quotaGb` becomes `quotaBytes`. */
export const changeQuotaInput = memberRefInput
  .extend({ quotaGb: gbField() })
  .transform(({ quotaGb, ...rest }) => ({ ...rest, quotaBytes: quotaGb }));
export const familyRefInput = z.object({ familyId: id });
export const transferInput = memberRefInput.extend({
  confirm: z.literal("transfer", { error: "validation.typeTransfer" }),
});
