import { startWorker, type Worker } from "@/lib/jobs/worker";
import { buildDeps, type Settings } from "./deps";
import { JOB_QUEUES } from "./jobs";

/** Starts a worker from the settings: used by the server in development and by `npm run worker`. */
export async function startWorkerFromSettings(settings: Settings): Promise<Worker & { closeDb: () => Promise<void> }> {
  const deps = buildDeps(settings, { poolSize: 4 });
  const worker = await startWorker({ databaseUrl: settings.DATABASE_URL, context: deps, queues: JOB_QUEUES });
  return { ...worker, closeDb: deps.close };
}
