import { z } from "zod";
import { MFA_DEVICE_KINDS } from "@/lib/identity/port";
import { defineQueue } from "@/lib/jobs/queue";

/** The effects of support's actions; their handlers are in lib/support/jobs.ts. */
const person = { sub: z.string().min(1).max(255) };

export const resetMfaQueue = defineQueue({
  name: "identity.reset-mfa",
  label: "jobs.resetMfa",
  payload: z.object({ ...person, deviceId: z.string().max(40).optional(), deviceKind: z.enum(MFA_DEVICE_KINDS).optional() }),
});

export const sendRecoveryEmailQueue = defineQueue({
  name: "identity.send-recovery-email",
  label: "jobs.sendRecoveryEmail",
  payload: z.object(person),
});

export const createRecoveryLinkQueue = defineQueue({
  name: "identity.create-recovery-link",
  label: "jobs.createRecoveryLink",
  payload: z.object({ linkId: z.number().int().positive() }),
});

export const suspendAccountQueue = defineQueue({
  name: "identity.suspend-account",
  label: "jobs.suspendAccount",
  payload: z.object(person),
});

export const reactivateAccountQueue = defineQueue({
  name: "identity.reactivate-account",
  label: "jobs.reactivateAccount",
  payload: z.object(person),
});

export const restorePhotosUserQueue = defineQueue({
  name: "photos.restore-user",
  label: "jobs.restorePhotosUser",
  payload: z.object({ memberId: z.number().int().positive() }),
});
