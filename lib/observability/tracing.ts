import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { errorFields } from "./errors";

export { SpanKind };

export interface TracingOptions {
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans go to `<endpoint>/v1/traces` (OTLP over HTTP, batched). */
  otlpEndpoint?: string;
  /** Tests: an exporter that gets every span as it ends (e.g. InMemorySpanExporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  shutdown(): Promise<void>;
  flush(): Promise<void>;
}

const global = globalThis as unknown as { castelloTracing?: Tracing };

/**
 * Registers the tracer provider, the AsyncLocalStorage context manager and the exporter for
 * this process, once (a second call returns the first). Without an endpoint or an exporter
 * nothing is registered and every span is a no-op.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  if (global.castelloTracing) return global.castelloTracing;
  const processors = [
    ...(options.otlpEndpoint
      ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/+$/, "")}/v1/traces` }) })]
      : []),
    ...(options.exporter ? [new SimpleSpanProcessor({ exporter: options.exporter })] : []),
  ];
  if (processors.length === 0) return undefined;
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  global.castelloTracing = {
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      global.castelloTracing = undefined;
    },
  };
  return global.castelloTracing;
}

const tracer = () => trace.getTracer("castello");

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The context to start in (a job's remote parent); default the active one. */
  parent?: Context;
  /** Whether a thrown value is a failure (a redirect thrown by an action is not); default yes. */
  isFailure?: (error: unknown) => boolean;
}

/**
 * Runs `body` in a new active span. A failure sets the span's status to its scrubbed message
 * (errorFields: never a database error's parameters); the exception itself is not recorded.
 */
export async function inSpan<T>(name: string, options: SpanOptions, body: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await body(span);
      } catch (error) {
        if (options.isFailure?.(error) ?? true) markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export function markFailed(span: Span, error: unknown): void {
  const fields = errorFields(error);
  span.setAttribute(ATTR_ERROR_TYPE, (error as { name?: string })?.name ?? "Error");
  span.setStatus({ code: SpanStatusCode.ERROR, message: fields.message ?? fields.kind.split("\n")[0] });
}

/** The W3C `traceparent` of the active span, to carry into a job; undefined when nothing is traced. */
export function currentTraceparent(): string | undefined {
  const span = trace.getActiveSpan()?.spanContext();
  if (!span || !isSpanContextValid(span)) return undefined;
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A context whose parent is the span a `traceparent` names (a job's cause); the root context when it is malformed. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return ROOT_CONTEXT;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: parseInt(match[3]!, 16), isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}
