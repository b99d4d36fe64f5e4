/**
 * The job worker as its own process, for tests/integration/chaos.test.ts: what `npm run worker`
 * (scripts/worker.ts) starts, built the same way from the same settings (parseEnv, buildDeps,
 * the handlers of JOB_QUEUES, startWorker), with three differences, all for speed:
 * - a short retry policy and quick supervision, so that a job left active by a SIGKILL expires
 *   and is retried in seconds rather than in five minutes (the real worker always takes
 *   DEFAULT_RETRY_POLICY; pg-boss expires jobs in its queue monitor pass, at most every
 *   monitorIntervalSeconds, 60 s by default);
 * - only the queues an invite's journey uses (CHAOS_QUEUES), 8 jobs at once each: a queue runs
 *   at most `concurrency` jobs per 0.5 s poll, 4/s at the default 2 (200 invites, 50 s of
 *   mail), and with every queue at 8 the idle queues' polls take pg-boss's 4 connections from
 *   the busy ones, which made it slower, not faster.
 *
 * Bundled by the test (esbuild) or run with `node --import tsx tests/support/chaos-worker.ts`:
 * no wrapper process, so the pid the test kills is the worker's own. Over the IPC channel it
 * says `loaded` once its modules are loaded, touches nothing until told `start`, then says
 * `ready` once its first dispatch is done. It exits when that channel closes (the test process
 * died), so it never outlives the test.
 */
import { formatProblems, parseEnv } from "@/lib/env-schema";
import type { RetryPolicy } from "@/lib/jobs/policy";
import { startWorker } from "@/lib/jobs/worker";
import { buildDeps } from "@/lib/platform/deps";
import { JOB_QUEUES } from "@/lib/platform/jobs";

export const CHAOS_POLICY: RetryPolicy = { retryLimit: 30, retryDelay: 1, retryDelayMax: 2, expireInSeconds: 5 };
export const CHAOS_CONCURRENCY = 4;
/** What registering a tenant, inviting and accepting enqueue. */
export const CHAOS_QUEUES = [
  "identity.ensure-tenant-group",
  "tenant.wire-sign-in",
  "identity.create-invitation",
  "mail.send-invite",
  "identity.delete-invitation",
  "identity.add-member-to-group",
  "photos.provision-user",
];

async function main() {
  const result = parseEnv(process.env);
  if (!result.ok) throw new Error(formatProblems(result.problems));
  const databaseUrl = result.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is required");
  const deps = buildDeps({ ...result.env, DATABASE_URL: databaseUrl }, { poolSize: 4 });
  await startWorker({
    databaseUrl,
    context: deps,
    queues: JOB_QUEUES.filter((registered) => CHAOS_QUEUES.includes(registered.queue.name)),
    policy: CHAOS_POLICY,
    concurrency: CHAOS_CONCURRENCY,
    dispatchIntervalMs: 100,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
    monitorIntervalSeconds: 1,
  });
  process.send?.("ready");
}

if (process.env.CASTELLO_CHAOS_WORKER === "1") {
  process.on("disconnect", () => process.exit(1));
  process.on("message", (message) => {
    if (message !== "start") return;
    main().catch((error: unknown) => {
      console.error("chaos worker failed to start:", error);
      process.exit(1);
    });
  });
  process.send?.("loaded");
}
