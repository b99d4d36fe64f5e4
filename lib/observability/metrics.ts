import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Histogram({
      name: "castello_http_request_duration_seconds",
      help: "Route handlers and server actions, by route, method and status (actions: route action:<area>)",
      labelNames: ["route", "method", "status"] as const,
      buckets: SECONDS,
      registers,
    }),
    upstreamRequests: new Histogram({
      name: "castello_upstream_request_duration_seconds",
      help: "Calls to Authentik, Immich and the mail server, by system and outcome",
      labelNames: ["system", "outcome"] as const,
      buckets: SECONDS,
      registers,
    }),
    jobRuns: new Histogram({
      name: "castello_job_duration_seconds",
      help: "Job attempts run by this worker, by queue and outcome (completed, failed)",
      labelNames: ["queue", "outcome"] as const,
      buckets: JOB_SECONDS,
      registers,
    }),
    jobs: new Gauge({
      name: "castello_jobs",
      help: "Jobs in the database by queue and state (queued: still in the outbox), read at scrape time",
      labelNames: ["queue", "state"] as const,
      registers,
    }),
    oldestPendingJob: new Gauge({
      name: "castello_job_oldest_pending_seconds",
      help: "Age of the oldest job waiting to run (outbox or queue), read at scrape time",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

// One registry per process, kept across Next.js dev hot reloads and shared by its bundles.
const global = globalThis as unknown as { castelloMetrics?: Metrics };

export function metrics(): Metrics {
  return (global.castelloMetrics ??= createMetrics());
}

export const secondsSince = (started: number) => (performance.now() - started) / 1000;
