import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from "@opentelemetry/semantic-conventions";
import { withLogContext } from "./context";
import { logger } from "./logger";
import { metrics, secondsSince } from "./metrics";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";
import { inSpan } from "./tracing";

const log = logger("http");

/** The status Next.js answers for what an action threw: a redirect is 303, notFound() its code, anything else 500. */
export function statusOfThrown(error: unknown): number {
  const digest = (error as { digest?: unknown })?.digest;
  if (typeof digest === "string") {
    if (digest.startsWith("NEXT_REDIRECT")) return 303;
    const fallback = /^NEXT_HTTP_ERROR_FALLBACK;(\d{3})$/.exec(digest);
    if (fallback) return Number(fallback[1]);
  }
  return 500;
}

function observed(route: string, method: string, status: number, started: number, fields: Record<string, unknown> = {}): void {
  const seconds = secondsSince(started);
  metrics().httpRequests.observe({ route, method, status: String(status) }, seconds);
  const line = { route, method, status, durationMs: Math.round(seconds * 1000), ...fields };
  if (status >= 500) log.error("request failed", line);
  else if (route.startsWith("action:")) log.info("action", line);
  else log.debug("request", line);
}

/**
 * Wraps a route handler: a request id (the incoming `x-request-id` when well-formed, else a
 * fresh one) in every log line and on the response, a span, and the latency by route.
 */
export function observeRoute<R extends Request, A extends unknown[]>(
  route: string,
  handler: (request: R, ...rest: A) => Promise<Response>,
): (request: R, ...rest: A) => Promise<Response> {
  return (request, ...rest) => {
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    const method = request.method;
    const started = performance.now();
    return withLogContext({ requestId }, () =>
      inSpan(`route ${method} ${route}`, { attributes: { [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_REQUEST_METHOD]: method } }, async (span) => {
        try {
          const response = await handler(request, ...rest);
          span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
          observed(route, method, response.status, started);
          try {
            response.headers.set(REQUEST_ID_HEADER, requestId);
          } catch {
            // a redirect's headers are immutable
          }
          return response;
        } catch (error) {
          observed(route, method, 500, started);
          throw error;
        }
      }),
    );
  };
}

export interface ActionRequest {
  area: string;
  /** The request's `x-request-id` (proxy.ts sets a well-formed one on every page and action request). */
  requestId?: string | null;
  /** Next.js's id of the action (its `next-action` header): tells actions of an area apart in a trace. */
  actionId?: string | null;
}

/**
 * Wraps a server action: its request id in every log line (and, through the outbox, in its
 * jobs), a span the jobs it enqueues continue, and its latency as route `action:<area>`.
 */
export function observeAction<T>(request: ActionRequest, body: () => Promise<T>, outcomeOf?: (result: T) => string): Promise<T> {
  const requestId = requestIdFrom(request.requestId);
  const route = `action:${request.area}`;
  const started = performance.now();
  const attributes = {
    "castello.action.area": request.area,
    ...(request.actionId ? { "castello.action.id": request.actionId.slice(0, 64) } : {}),
  };
  return withLogContext({ requestId }, () =>
    inSpan(`action ${request.area}`, { attributes, isFailure: (error) => statusOfThrown(error) >= 500 }, async (span) => {
      try {
        const result = await body();
        const outcome = outcomeOf?.(result);
        if (outcome) span.setAttribute("castello.action.outcome", outcome);
        observed(route, "POST", 200, started, outcome ? { outcome } : {});
        return result;
      } catch (error) {
        observed(route, "POST", statusOfThrown(error), started);
        throw error;
      }
    }),
  );
}
