import type { ValidationError } from "@/lib/errors";
import { inEnglish } from "@/lib/i18n/translate";

/** A ValidationError's field messages as an English reader sees them. */
export function englishFieldErrors(error: ValidationError): Record<string, string[]> {
  return Object.fromEntries(Object.entries(error.fieldErrors).map(([field, texts]) => [field, texts.map(inEnglish)]));
}
