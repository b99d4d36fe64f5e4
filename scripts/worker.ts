/** `npm run worker`: the job worker as its own process (production). Run as many as you like. */
import { startWorkerFromSettings } from "../lib/platform/worker";
import { observeProcess } from "../lib/platform/observability";
import { logger } from "../lib/observability/logger";
import { formatProblems, parseEnv } from "../lib/env-schema";

const result = parseEnv(process.env);
if (!result.ok) {
  console.error(`\n${formatProblems(result.problems)}\n`);
  process.exit(1);
}
if (!result.env.DATABASE_URL) {
  console.error("DATABASE_URL is required for `npm run worker` (the server's embedded Postgres is for development).");
  process.exit(1);
}
const tracing = observeProcess("castello-worker", result.env);
const worker = await startWorkerFromSettings(
  { ...result.env, DATABASE_URL: result.env.DATABASE_URL },
  { metricsPort: result.env.METRICS_PORT },
);
logger("worker").info("working the job queue; Ctrl-C stops after the running jobs finish");

async function shutdown() {
  await worker.stop({ graceful: true });
  await worker.closeDb();
  await tracing?.shutdown();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
