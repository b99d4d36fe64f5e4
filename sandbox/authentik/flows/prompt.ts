import type { Directory } from "../directory";
import { checkPasswordPolicy } from "./password-policy";

/** The prompt fields of the blueprint's `castello-enrollment-prompt` stage, by `order`. */
export const PROMPT_FIELDS = [
  { key: "email", label: "Email", type: "text_read_only", autocomplete: "email" },
  { key: "name", label: "Name", type: "text", autocomplete: "name" },
  { key: "username", label: "Username", type: "username", autocomplete: "username" },
  { key: "password", label: "Password", type: "password", autocomplete: "new-password" },
  { key: "password_repeat", label: "Password (repeat)", type: "password", autocomplete: "new-password" },
] as const;

export type PromptFieldKey = (typeof PROMPT_FIELDS)[number]["key"];
export type PromptErrors = Partial<Record<PromptFieldKey, string>>;

const REQUIRED = "This field is required.";

/** A field's initial value: the plan's prompt data under the same key (the invitation's fixed_data). */
export function initialValue(promptData: Record<string, unknown>, key: PromptFieldKey): string {
  const value = promptData[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

/**
 * Validates a submitted prompt like PromptChallengeResponse: required fields, the read-only
 * e-mail forced to its initial value, username uniqueness, matching passwords, then the
 * stage's validation policy. Returns the answers to merge into the plan's prompt data.
 */
export function validatePrompt(
  form: URLSearchParams,
  promptData: Record<string, unknown>,
  directory: Directory,
):
  | { ok: true; answers: Record<PromptFieldKey, string> }
  | { ok: false; errors: PromptErrors; values: Partial<Record<PromptFieldKey, string>> } {
  const errors: PromptErrors = {};
  const values: Partial<Record<PromptFieldKey, string>> = {};
  for (const field of PROMPT_FIELDS) {
    const raw = field.type === "text_read_only" ? initialValue(promptData, field.key) : (form.get(field.key) ?? "");
    // DRF trims CharFields; Authentik's password fields keep whitespace.
    const value = field.type === "password" ? raw : raw.trim();
    values[field.key] = value;
    if (field.type !== "text_read_only" && value === "") errors[field.key] = REQUIRED;
  }
  if (!errors.username && directory.findUserByUsername(values.username!)) errors.username = "Username is already taken.";
  // As DRF, the serializer-wide checks (passwords, policy) only run once every field is valid.
  if (Object.keys(errors).length === 0) {
    if (values.password !== values.password_repeat) {
      errors.password_repeat = "Passwords don't match.";
    } else {
      const policy = checkPasswordPolicy(values.password!, [values.username!, values.name!, values.email!]);
      if (policy) errors.password = policy;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, answers: values as Record<PromptFieldKey, string> };
}
