import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { ActionState } from "@/lib/actions/action-state";
import type { Area } from "@/lib/auth/roles";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { IntegrationError } from "@/lib/integrations/errors";
import type { Deps } from "./deps";
import { describeError, logRefusal } from "./log";
import { serverDeps } from "./server";
import { getViewer, type Viewer } from "./viewer";

export interface ActionDefinition<S extends z.ZodType> {
  /** The area a caller must have; checked on the server on every call. */
  area: Area;
  schema: S;
  /** Form fields never echoed back (secrets). */
  secretFields?: string[];
  /** Which field an integration failure belongs to, by system and kind. */
  integrationField?: (error: IntegrationError) => string | undefined;
  /** Thin: call one service verb with the viewer's actor and the dependencies, say what happened. */
  run: (input: z.infer<S>, viewer: Viewer, deps: Deps) => Promise<string | void>;
}

/** Longer values are not sent back to the form: a hostile megabyte is not echoed. */
const MAX_ECHOED_VALUE = 4000;

function formValues(formData: FormData, secretFields: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && value.length <= MAX_ECHOED_VALUE && !key.startsWith("$") && !secretFields.includes(key))
      values[key] = value;
  }
  return values;
}

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.join(".") || "form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return fieldErrors;
}

const STAFF_UNAVAILABLE = "Castello could not confirm your staff access with Authentik, which is not answering. Try again in a minute.";

/**
 * One wrapper for every server action: session, area, input parsed with zod (all field
 * errors), then the service verb; typed errors become messages, anything else a generic
 * one (the raw error is logged on the server, never sent to the browser).
 */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const values = formValues(formData, definition.secretFields ?? []);
    const viewer = await getViewer();
    if (!viewer) return { error: "Your session has ended. Sign in again.", values };
    if (!viewer.areas.includes(definition.area)) {
      if (definition.area !== "family" && viewer.staffUnavailable) return { error: STAFF_UNAVAILABLE };
      logRefusal(viewer.sub, `the ${definition.area} area`);
      return { error: "Not found." };
    }
    const parsed = definition.schema.safeParse(Object.fromEntries(formData.entries()));
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    try {
      const message = await definition.run(parsed.data, viewer, serverDeps());
      return { ok: true, message: message ?? "Saved." };
    } catch (error) {
      unstable_rethrow(error); // redirect() and notFound() are not failures
      if (error instanceof ForbiddenError || error instanceof NotFoundError)
        logRefusal(viewer.sub, `an action in the ${definition.area} area`, parsed.data as Record<string, unknown>);
      return { ...errorState(error, definition.integrationField), values };
    }
  };
}

export function errorState(error: unknown, integrationField?: (error: IntegrationError) => string | undefined): ActionState {
  if (error instanceof ValidationError) return { fieldErrors: error.fieldErrors };
  if (error instanceof DomainError) return error.field ? { fieldErrors: { [error.field]: [error.message] } } : { error: error.message };
  if (error instanceof IntegrationError) {
    const field = integrationField?.(error);
    return field ? { fieldErrors: { [field]: [error.userMessage] } } : { error: error.userMessage };
  }
  console.error("[action] unexpected error:", describeError(error));
  return { error: "Something went wrong and nothing was changed. Please try again." };
}
