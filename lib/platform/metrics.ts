import { createServer, type Server } from "node:http";
import type { Executor } from "@/lib/db/connect";
import { jobStats } from "@/lib/jobs/stats";
import { bearerMatches } from "@/lib/observability/bearer";
import { logger } from "@/lib/observability/logger";
import { metrics } from "@/lib/observability/metrics";

/** The Prometheus text: this process's metrics, and the jobs by queue and state read from the database now. */
export async function scrapeMetrics(db: Executor): Promise<{ contentType: string; body: string }> {
  const registry = metrics();
  try {
    const stats = await jobStats(db);
    registry.jobs.reset();
    for (const row of stats.counts) registry.jobs.set({ queue: row.queue, state: row.state }, row.count);
    registry.oldestPendingJob.set(stats.oldestPendingSeconds ?? 0);
  } catch (error) {
    // The process's own metrics are still worth scraping when the database is down.
    logger("metrics").warn("could not read the jobs for the metrics", { error });
  }
  return { contentType: registry.registry.contentType, body: await registry.registry.metrics() };
}

/** The worker's metrics on their own port (METRICS_PORT): GET /metrics, behind METRICS_TOKEN when it is set. */
export function startMetricsServer(options: { port: number; db: Executor; token?: string }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" || request.url?.split("?")[0] !== "/metrics") return void response.writeHead(404).end();
    if (options.token && !bearerMatches(request.headers.authorization, options.token)) return void response.writeHead(401).end();
    scrapeMetrics(options.db).then(
      ({ contentType, body }) => response.writeHead(200, { "content-type": contentType }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => {
      logger("metrics").info("metrics served", { port: options.port, path: "/metrics" });
      resolve(server);
    });
  });
}
