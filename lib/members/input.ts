import { z } from "zod";

const id = z.coerce.number().int().positive();

export const memberRefInput = z.object({ familyId: id, memberId: id });
export const changeRoleInput = memberRefInput.extend({ role: z.enum(["admin", "member", "guest"], { error: "Choose a role." }) });
export const changeQuotaInput = memberRefInput.extend({
  quotaGb: z.coerce.number({ error: "Enter a number of GB." }).min(0, "Storage cannot be negative.").transform((gb) => Math.round(gb * 1_000_000_000)),
});
export const familyRefInput = z.object({ familyId: id });
export const transferInput = memberRefInput.extend({
  confirm: z.literal("transfer", { error: "Type transfer to confirm." }),
});
