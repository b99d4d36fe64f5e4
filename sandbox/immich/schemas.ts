import { Permission, UserAvatarColor } from "@immich/sdk";
import { z } from "zod";
import { validationFailed } from "./errors";

/**
 * Request schemas mirroring Immich 3's Zod DTOs (server/src/dtos/user.dto.ts, auth.dto.ts,
 * api-key.dto.ts, server/src/validation.ts), so invalid input fails with the same Zod issues.
 * Unknown keys are stripped, as nestjs-zod does.
 */
const toEmail = z.email().transform((email) => email.toLowerCase());
const pinCodeRegex = /^\d{6}$/;
const emptyStringToNull = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? null : value), schema);

// sanitize-filename, as Immich applies it to storage labels (dots are removed first).
const RESERVED_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
export function sanitizeStorageLabel(label: string): string {
  const cleaned = label
    .replaceAll(".", "")
    .replace(/[/?<>\\:*|"]/g, "")
    .replace(/[\x00-\x1f\x80-\x9f]/g, "")
    .replace(/[. ]+$/, "");
  return RESERVED_NAMES.test(cleaned) ? "" : cleaned.slice(0, 255);
}
const storageLabel = z.string().transform(sanitizeStorageLabel);
const pinCode = emptyStringToNull(z.string().regex(pinCodeRegex).nullable()).optional();
const quotaSizeInBytes = z.int().min(0).nullish();
const avatarColor = z.enum(UserAvatarColor).nullish();
const stringToBool = z.enum(["true", "false"]).transform((value) => value === "true");

export const UUIDParamSchema = z.object({ id: z.uuidv4() });

export const UserAdminSearchSchema = z.object({
  withDeleted: stringToBool.optional(),
  id: z.uuidv4().optional(),
});

export const UserAdminCreateSchema = z.object({
  email: toEmail,
  password: z.string(),
  name: z.string(),
  avatarColor,
  pinCode,
  storageLabel: storageLabel.nullish(),
  quotaSizeInBytes,
  shouldChangePassword: z.boolean().optional(),
  notify: z.boolean().optional(),
  isAdmin: z.boolean().optional(),
});

export const UserAdminUpdateSchema = z.object({
  email: toEmail.optional(),
  password: z.string().optional(),
  pinCode,
  name: z.string().optional(),
  avatarColor,
  storageLabel: storageLabel.nullish(),
  shouldChangePassword: z.boolean().optional(),
  quotaSizeInBytes,
  isAdmin: z.boolean().optional(),
});

export const UserAdminDeleteSchema = z.object({ force: z.boolean().optional() });

export const LoginCredentialSchema = z.object({ email: toEmail, password: z.string() });
export const SignUpSchema = LoginCredentialSchema.extend({ name: z.string() });

export const OAuthConfigSchema = z.object({ redirectUri: z.string(), state: z.string().optional(), codeChallenge: z.string().optional() });
export const OAuthCallbackSchema = z.object({ url: z.string().min(1), state: z.string().optional(), codeVerifier: z.string().optional() });

const permissions = z.array(z.enum(Permission)).min(1);
export const ApiKeyCreateSchema = z.object({ name: z.string().min(1).optional(), permissions });
export const ApiKeyUpdateSchema = z.object({ name: z.string().min(1).optional(), permissions: permissions.optional() });

/** Parses like nestjs-zod's validation pipe: a failure becomes Immich's 400 "Validation failed". */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(result.error);
  return result.data;
}
