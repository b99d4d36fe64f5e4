import { IntegrationError } from "./errors";

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Retries a READ with exponential backoff and jitter while the failure is transient.
 * Writes are never passed here: a write that timed out may have happened, and only the
 * job queue (with idempotent handlers) retries those.
 */
export async function retryRead<T>(read: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await read();
    } catch (error) {
      const transient = error instanceof IntegrationError && error.transient;
      if (!transient || attempt >= attempts) throw error;
      const delay = Math.min(max, base * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
    }
  }
}
