import { SpanStatusCode } from "@opentelemetry/api";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_PATH,
} from "@opentelemetry/semantic-conventions";
import { logger } from "./logger";
import { metrics, secondsSince } from "./metrics";
import { inSpan, SpanKind } from "./tracing";

export type UpstreamSystem = "authentik" | "immich" | "smtp";
export type UpstreamOutcome = "ok" | "client_error" | "server_error" | "timeout" | "network" | "error";

const log = logger("upstream");

/** Ids in a path become `{id}`: span names and log lines stay few, and carry no one's identifiers. */
export function pathTemplate(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => (/^\d+$/.test(segment) || /^(?=.*\d)[A-Za-z0-9_.:-]{16,}$/.test(segment) || /@|%40/.test(segment) ? "{id}" : segment))
    .join("/");
}

function failureOutcome(error: unknown): UpstreamOutcome {
  const named = error as { name?: string; kind?: string; cause?: { name?: string } };
  if (named?.name === "TimeoutError" || named?.name === "AbortError" || named?.kind === "timeout" || named?.cause?.name === "TimeoutError")
    return "timeout";
  if (named?.name === "TypeError" || named?.kind === "unreachable") return "network";
  return "error";
}

function statusOutcome(status: number): UpstreamOutcome {
  return status >= 500 ? "server_error" : status >= 400 ? "client_error" : "ok";
}

function record(system: UpstreamSystem, what: string, outcome: UpstreamOutcome, started: number, status?: number): void {
  const seconds = secondsSince(started);
  metrics().upstreamRequests.observe({ system, outcome }, seconds);
  const fields = { system, call: what, outcome, ...(status ? { status } : {}), durationMs: Math.round(seconds * 1000) };
  if (outcome === "ok" || outcome === "client_error") log.debug("upstream call", fields);
  else log.warn("upstream call failed", fields);
}

/**
 * `fetch` for an SDK (Authentik's fetchApi, Immich's per-call `fetch`): each HTTP request is
 * a client span, a latency observation by system and outcome, and a debug line. The query
 * string (addresses, usernames) is never recorded.
 */
export function tracedFetch(system: UpstreamSystem, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const path = pathTemplate(url.pathname);
  const what = `${method} ${path}`;
  const attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_URL_PATH]: path,
    "castello.upstream": system,
  };
  return inSpan(`${system} ${what}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      record(system, what, failureOutcome(error), started);
      throw error;
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
    record(system, what, statusOutcome(response.status), started, response.status);
    return response;
  });
}

/** One call that is not HTTP (an SMTP send), observed the same way. */
export function observeUpstream<T>(system: UpstreamSystem, what: string, body: () => Promise<T>): Promise<T> {
  return inSpan(`${system} ${what}`, { kind: SpanKind.CLIENT, attributes: { "castello.upstream": system } }, async () => {
    const started = performance.now();
    try {
      const result = await body();
      record(system, what, "ok", started);
      return result;
    } catch (error) {
      record(system, what, failureOutcome(error), started);
      throw error;
    }
  });
}
