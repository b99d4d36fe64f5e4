import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import type { ActionState } from "@/lib/actions/action-state";
import type { Area } from "@/lib/auth/roles";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Message } from "@/lib/i18n/message";
import { render, type Translate } from "@/lib/i18n/translate";
import { fieldErrorsOf } from "@/lib/i18n/zod-errors";
import { IntegrationError } from "@/lib/integrations/errors";
import { observeAction } from "@/lib/observability/http";
import { logger } from "@/lib/observability/logger";
import { REQUEST_ID_HEADER } from "@/lib/observability/request-id";
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
  run: (input: z.infer<S>, viewer: Viewer, deps: Deps) => Promise<Message | void>;
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

/** C0 control characters but tab, line feed and carriage return: Postgres refuses NUL in text, and none belongs in a form. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The fields whose text holds a control character: refused before any schema reads them. */
export function fieldsWithControlCharacters(formData: FormData): string[] {
  const fields = new Set<string>();
  for (const [key, value] of formData.entries()) if (typeof value === "string" && CONTROL_CHARACTER.test(value)) fields.add(key);
  return [...fields];
}

const outcomeOf = (state: ActionState) => (state.ok ? "ok" : state.fieldErrors ? "invalid" : "rejected");

/** The request's id and Next.js's action id; none when called outside a request (tests). */
async function requestHeaders(): Promise<{ requestId?: string | null; actionId?: string | null }> {
  try {
    const incoming = await headers();
    return { requestId: incoming.get(REQUEST_ID_HEADER), actionId: incoming.get("next-action") };
  } catch {
    return {};
  }
}

/**
 * One wrapper for every server action: session, area, input parsed with zod (all field
 * errors), then the service verb; typed errors become messages, anything else a generic
 * one (the raw error is logged on the server, never sent to the browser). Each call is
 * observed (observeAction): request id, span, latency.
 */
export function defineAction<S extends z.ZodType>(definition: ActionDefinition<S>) {
  return async (_previous: ActionState, formData: FormData): Promise<ActionState> => {
    const request = { area: definition.area, ...(await requestHeaders()) };
    return observeAction(request, () => perform(definition, formData), outcomeOf);
  };
}

async function perform<S extends z.ZodType>(definition: ActionDefinition<S>, formData: FormData): Promise<ActionState> {
  const values = formValues(formData, definition.secretFields ?? []);
  const [viewer, translate] = await Promise.all([getViewer(), getTranslations()]);
  const t = translate as unknown as Translate;
  if (!viewer) return { error: t("common.actions.sessionEnded"), values };
  if (!viewer.areas.includes(definition.area)) {
    if (definition.area !== "family" && viewer.staffUnavailable) return { error: t("common.actions.staffUnavailable") };
    logRefusal(viewer.sub, `the ${definition.area} area`);
    return { error: t("common.actions.notFound") };
  }
  const unprintable = fieldsWithControlCharacters(formData);
  if (unprintable.length > 0)
    return { fieldErrors: Object.fromEntries(unprintable.map((field) => [field, [t("validation.controlCharacters")]])), values };
  const parsed = definition.schema.safeParse(Object.fromEntries(formData.entries()));
  if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error, t), values };
  try {
    const done = await definition.run(parsed.data, viewer, serverDeps());
    return { ok: true, message: done ? render(t, done) : t("common.actions.saved") };
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are not failures
    if (error instanceof ForbiddenError || error instanceof NotFoundError)
      logRefusal(viewer.sub, `an action in the ${definition.area} area`, parsed.data as Record<string, unknown>);
    return { ...errorState(error, t, definition.integrationField), values };
  }
}

export function errorState(error: unknown, t: Translate, integrationField?: (error: IntegrationError) => string | undefined): ActionState {
  if (error instanceof ValidationError) {
    return {
      fieldErrors: Object.fromEntries(
        Object.entries(error.fieldErrors).map(([field, texts]) => [field, texts.map((text) => render(t, text))]),
      ),
    };
  }
  if (error instanceof DomainError)
    return error.field ? { fieldErrors: { [error.field]: [render(t, error.text)] } } : { error: render(t, error.text) };
  if (error instanceof IntegrationError) {
    const field = integrationField?.(error);
    const text = render(t, error.userText);
    return field ? { fieldErrors: { [field]: [text] } } : { error: text };
  }
  logger("action").error("unexpected error", { error: describeError(error) });
  return { error: t("common.actions.unexpected") };
}
