import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line of the current request or job carries. */
export interface LogContext {
  requestId?: string;
  jobId?: string;
  queue?: string;
}

// One store for every bundle of the process: Next.js gives instrumentation and routes their own module copies.
const global = globalThis as unknown as { castelloLogContext?: AsyncLocalStorage<LogContext> };
const storage = (global.castelloLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `body` with these fields added to the current context. */
export function withLogContext<T>(fields: LogContext, body: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, body);
}

export function logContext(): LogContext {
  return storage.getStore() ?? {};
}
