import { z } from "zod";
import { idField } from "@/lib/ids";
import { MFA_DEVICE_KINDS } from "@/lib/identity/port";

export const MIN_REASON_LENGTH = 10;
export const MAX_REASON_LENGTH = 500;
/** A ticket reference stands in for a sentence: "#4711", "SUP-123", "ZD-88812". */
const TICKET = /^(#\d{1,12}|[A-Z][A-Z0-9]{0,9}-\d{1,12})$/;

/** Why support looks or acts: written into the audit row, shown to the person. */
export const reasonField = () =>
  z
    .string()
    .max(MAX_REASON_LENGTH, "validation.tooLong")
    .transform((text) => text.trim().replace(/\s+/g, " "))
    .refine((text) => text.length >= MIN_REASON_LENGTH || TICKET.test(text), "validation.reason");

/** An OIDC `sub` as the identity provider issues it: bounded, no spaces or control characters. */
export const subField = () =>
  z
    .string()
    .min(1, "validation.notFound")
    .max(255, "validation.notFound")
    .regex(/^[A-Za-z0-9._:@|-]+$/, "validation.notFound");

const person = { sub: subField(), reason: reasonField() };

export const openReviewInput = z.object(person);
export const openFamilyReviewInput = z.object({ familyId: idField(), reason: reasonField() });

export const resetMfaInput = z.object({
  ...person,
  /** One device, or every device when absent. */
  deviceId: z.string().max(40).regex(/^\d+$/).optional(),
  deviceKind: z.enum(MFA_DEVICE_KINDS).optional(),
});
export type ResetMfaInput = z.output<typeof resetMfaInput>;

export const personActionInput = z.object(person);
export type PersonActionInput = z.output<typeof personActionInput>;

export const memberActionInput = z.object({ ...person, memberId: idField() });
export type MemberActionInput = z.output<typeof memberActionInput>;

export const inviteActionInput = z.object({ ...person, familyId: idField(), inviteId: idField() });
export const familyActionInput = z.object({ familyId: idField(), reason: reasonField() });

export const revealLinkInput = z.object({ sub: subField(), linkId: idField() });
