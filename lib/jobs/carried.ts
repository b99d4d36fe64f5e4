import { logContext } from "@/lib/observability/context";
import { currentTraceparent } from "@/lib/observability/tracing";

/**
 * What a job carries from the request that caused it, beside its payload in the outbox row
 * and the pg-boss job data: the request id (its log lines) and the W3C traceparent (its span's
 * parent). Never a secret; the worker takes it off before the payload is parsed.
 */
export const CARRIED_KEY = "_carried";

export interface Carried {
  requestId?: string;
  traceparent?: string;
}

const WELL_FORMED = /^[A-Za-z0-9._:-]{8,128}$/;

/** The payload with the current request id and trace added, when there are any. */
export function withCarried(payload: unknown): unknown {
  const carried: Carried = { requestId: logContext().requestId, traceparent: currentTraceparent() };
  if (!carried.requestId && !carried.traceparent) return payload;
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return payload;
  return { ...payload, [CARRIED_KEY]: JSON.parse(JSON.stringify(carried)) as Carried };
}

/** The job's data without what it carried, and what it carried (well-formed fields only). */
export function splitCarried(data: unknown): { payload: unknown; carried: Carried } {
  if (!data || typeof data !== "object" || !(CARRIED_KEY in data)) return { payload: data, carried: {} };
  const { [CARRIED_KEY]: raw, ...payload } = data as Record<string, unknown>;
  const { requestId, traceparent } = (raw ?? {}) as Record<string, unknown>;
  return {
    payload,
    carried: {
      ...(typeof requestId === "string" && WELL_FORMED.test(requestId) ? { requestId } : {}),
      ...(typeof traceparent === "string" && traceparent.length <= 64 ? { traceparent } : {}),
    },
  };
}
