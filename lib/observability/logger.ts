import { isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";
import { logContext } from "./context";
import { errorFields } from "./errors";
import { LOG_LEVELS, type LogLevel } from "./levels";
import { CENSOR, REDACT_PATHS, scrubFields, scrubText } from "./redact";

export type { LogLevel };
export type LogFields = Record<string, unknown>;

export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

interface LogState {
  root: Logger;
  write: (line: string) => void;
}

/**
 * Before the settings are read (and in scripts) the level comes straight from LOG_LEVEL;
 * under Vitest (NODE_ENV=test) logs are silent unless LOG_LEVEL asks for them.
 */
function initialLevel(): LogLevel {
  const asked = process.env.LOG_LEVEL as LogLevel | undefined;
  if (asked && LOG_LEVELS.includes(asked)) return asked;
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}

/** Errors anywhere at the top of a line's fields become their safe description (never a DB error's parameters). */
function withErrorsDescribed(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? errorFields(value) : value;
  return out;
}

function traceFields(): LogFields {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

function createState(): LogState {
  const state: LogState = { write: (line) => process.stdout.write(line), root: undefined as unknown as Logger };
  state.root = pino(
    {
      level: initialLevel(),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrubFields(withErrorsDescribed(fields)) as Record<string, unknown>,
      },
      mixin: () => ({ ...logContext(), ...traceFields() }),
    },
    { write: (line: string) => state.write(line) },
  );
  return state;
}

// One logger per process: Next.js gives instrumentation and routes their own module copies.
const global = globalThis as unknown as { castelloLog?: LogState };
const state = () => (global.castelloLog ??= createState());

/** Sets the level (LOG_LEVEL) and the service name every line carries. */
export function configureLogging(options: { level?: LogLevel; service?: string }): void {
  const { root } = state();
  if (options.level) root.level = options.level;
  if (options.service) root.setBindings({ service: options.service });
}

/** A component's logger: `logger("jobs").info("job done", { queue })`. The message and fields are scrubbed. */
export function logger(component: string): Log {
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields: LogFields = {}) => {
      const { root } = state();
      if (root.isLevelEnabled(level)) root[level]({ component, ...fields }, scrubText(message));
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Sends every line to `write` at `level` until the returned function is called (tests capture logs this way). */
export function redirectLogs(write: (line: string) => void, level: LogLevel = "trace"): () => void {
  const current = state();
  const previous = { write: current.write, level: current.root.level };
  current.write = write;
  current.root.level = level;
  return () => {
    current.write = previous.write;
    current.root.level = previous.level;
  };
}
