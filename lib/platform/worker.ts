import type { Server } from "node:http";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { buildDeps, type Settings } from "./deps";
import { JOB_QUEUES } from "./jobs";
import { startMetricsServer } from "./metrics";

/**
 * Starts a worker from the settings: used by the server in development and by `npm run worker`
 * (which passes `metricsPort`, METRICS_PORT, to serve its metrics; the server has /api/metrics).
 */
export async function startWorkerFromSettings(
  settings: Settings,
  options: { metricsPort?: number } = {},
): Promise<Worker & { closeDb: () => Promise<void> }> {
  const deps = buildDeps(settings, { poolSize: 4 });
  const worker = await startWorker({ databaseUrl: settings.DATABASE_URL, context: deps, queues: JOB_QUEUES });
  let metricsServer: Server | undefined;
  if (options.metricsPort)
    metricsServer = await startMetricsServer({ port: options.metricsPort, db: deps.db, token: settings.METRICS_TOKEN });
  return {
    ...worker,
    closeDb: async () => {
      await new Promise((resolve) => (metricsServer ? metricsServer.close(resolve) : resolve(undefined)));
      await deps.close();
    },
  };
}
