import type { z } from "zod";
import type { Message } from "./message";
import type { Translate } from "./translate";

/** Zod's issues in the reader's language: schemas carry catalogue keys, zod's own checks get a generic line. */
export function fieldErrorsOf(error: z.ZodError, t: Translate): Record<string, string[]> {
  const has = t as Translate & { has?: (key: string) => boolean };
  const fieldErrors: Record<string, string[]> = {};
  for (const outer of error.issues) {
    // A union ("" or a number of GB) says why its best branch failed, not "no branch matched".
    const issue = outer.code === "invalid_union" ? (innermost(outer, has) ?? outer) : outer;
    const field = outer.path.join(".") || "form";
    const values = { maximum: Number("maximum" in issue ? issue.maximum : 0), minimum: Number("minimum" in issue ? issue.minimum : 0) };
    const key = (
      has.has?.(issue.message) ? issue.message : issue.code === "too_big" ? "validation.tooLong" : "validation.invalid"
    ) as Message["key"];
    (fieldErrors[field] ??= []).push(t(key, values));
  }
  return fieldErrors;
}

function innermost(issue: z.core.$ZodIssueInvalidUnion, has: { has?: (key: string) => boolean }): z.core.$ZodIssue | undefined {
  return issue.errors.flat().find((candidate) => has.has?.(candidate.message));
}
