/** Retry policy: exponential backoff from `retryDelay` seconds, capped; failed jobs kept 30 days. */
export interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryDelayMax: number;
  expireInSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retryLimit: 12,
  retryDelay: 5,
  retryDelayMax: 30 * 60,
  expireInSeconds: 5 * 60,
};

export const FAILED_JOB_RETENTION_SECONDS = 30 * 24 * 60 * 60;
