import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { tenants } from "@/lib/db/schema";
import type { IdentityPort } from "@/lib/identity/port";
import { jobStats } from "@/lib/jobs/stats";
import type { PhotosPort } from "@/lib/photos/port";

/** No check waits longer: a health answer never stalls on a system that does not answer. */
export const CHECK_TIMEOUT_MS = 3000;
/** A job ready to run for longer than this means no worker is working the queue. */
export const STALE_QUEUE_SECONDS = 300;

type Reason = "timeout" | "unreachable" | "credentials_rejected" | "key_unreadable" | "stale" | "failed";

export interface Check {
  ok: boolean;
  status: "ok" | "degraded";
  latencyMs?: number;
  /** A fixed code, never the error's own text. */
  reason?: Reason;
}

const degraded = (reason: Reason, latencyMs?: number): Check => ({ ok: false, status: "degraded", reason, latencyMs });

class CheckTimeout extends Error {}

async function timed<T>(body: () => Promise<T>, judge: (value: T) => Check | Reason | undefined): Promise<Check> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const value = await Promise.race([
      body(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new CheckTimeout()), CHECK_TIMEOUT_MS))),
    ]);
    const verdict = judge(value);
    if (typeof verdict === "string") return degraded(verdict, elapsed());
    return { ok: true, status: "ok", latencyMs: elapsed(), ...verdict };
  } catch (error) {
    return degraded(error instanceof CheckTimeout ? "timeout" : "failed", elapsed());
  } finally {
    clearTimeout(timer);
  }
}

export function checkDatabase(db: Executor): Promise<Check> {
  return timed(
    () => db.execute(sql`select 1`),
    () => undefined,
  );
}

export async function checkQueue(db: Executor): Promise<Check & { pending?: number; oldestPendingSeconds?: number | null }> {
  let stats: Awaited<ReturnType<typeof jobStats>> | undefined;
  const check = await timed(
    async () => (stats = await jobStats(db)),
    (value) => ((value.oldestPendingSeconds ?? 0) > STALE_QUEUE_SECONDS ? "stale" : undefined),
  );
  if (!stats) return check;
  return { ...check, pending: stats.pending, oldestPendingSeconds: stats.oldestPendingSeconds && Math.round(stats.oldestPendingSeconds) };
}

export function checkIdentity(identity: IdentityPort): Promise<Check> {
  return timed(
    () => identity.health(),
    (health) => (!health.reachable ? "unreachable" : health.credentialsAccepted === false ? "credentials_rejected" : undefined),
  );
}

export interface PhotosChecks extends Check {
  tenants: number;
  degraded: number;
  servers: (Check & { tenant: string })[];
}

/** Each active tenant's photo server, at once, each within the timeout. */
export async function checkPhotos(db: Executor, photos: PhotosPort): Promise<PhotosChecks> {
  const rows = await db
    .select({ slug: tenants.slug, immichUrl: tenants.immichUrl, immichApiKeyEncrypted: tenants.immichApiKeyEncrypted })
    .from(tenants)
    .where(and(eq(tenants.status, "active"), isNotNull(tenants.immichApiKeyEncrypted)))
    .orderBy(asc(tenants.slug));
  const servers = await Promise.all(
    rows.map(async (tenant) => {
      let server;
      try {
        server = photos.forTenant(tenant);
      } catch {
        return { tenant: tenant.slug, ...degraded("key_unreadable") };
      }
      const check = await timed(
        () => server.health(),
        (health) => (health.reachable ? undefined : "unreachable"),
      );
      return { tenant: tenant.slug, ...check };
    }),
  );
  const failing = servers.filter((server) => !server.ok).length;
  return { ok: failing === 0, status: failing === 0 ? "ok" : "degraded", tenants: servers.length, degraded: failing, servers };
}

let expectedMigration: Promise<number | undefined> | undefined;

/** The newest committed migration's timestamp (drizzle's journal), read once. */
function newestMigration(): Promise<number | undefined> {
  expectedMigration ??= readFile(path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle", "meta", "_journal.json"), "utf8")
    .then((text) => Math.max(...(JSON.parse(text) as { entries: { when: number }[] }).entries.map((entry) => entry.when)))
    .catch(() => undefined);
  return expectedMigration;
}

/** Reachable, and every committed migration applied (drizzle records each by its journal timestamp). */
export function checkMigrations(db: Executor): Promise<Check> {
  return timed(
    async () => {
      const [expected, applied] = await Promise.all([
        newestMigration(),
        db.execute<{ newest: string | null }>(sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`),
      ]);
      return { expected, applied: Number(applied[0]?.newest ?? 0) };
    },
    ({ expected, applied }) => (expected !== undefined && applied >= expected ? undefined : "failed"),
  );
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  checks: {
    database: Check;
    queue: Awaited<ReturnType<typeof checkQueue>>;
    authentik: Check;
    immich: Omit<PhotosChecks, "servers"> & { servers?: PhotosChecks["servers"] };
  };
}

/** An answer is reused this long: a public URL must not turn each request into calls to every system. */
const REUSE_MS = 5000;
let recent: { at: number; report: Promise<HealthReport> } | undefined;

async function buildReport(deps: { db: Executor; identity: IdentityPort; photos: PhotosPort }): Promise<HealthReport> {
  const database = await checkDatabase(deps.db);
  const noDatabase = degraded("unreachable");
  const [queue, authentik, immich] = await Promise.all([
    database.ok ? checkQueue(deps.db) : noDatabase,
    checkIdentity(deps.identity),
    database.ok ? checkPhotos(deps.db, deps.photos).catch(() => undefined) : undefined,
  ]);
  const photos = immich ?? { ...degraded("failed"), tenants: 0, degraded: 0, servers: [] };
  const everything = [database, queue, authentik, photos];
  return {
    status: !database.ok ? "down" : everything.every((check) => check.ok) ? "ok" : "degraded",
    checks: { database, queue, authentik, immich: photos },
  };
}

/**
 * Every dependency, each within CHECK_TIMEOUT_MS. `detailed` (a caller with the metrics token)
 * also gets each tenant's photo server by slug; others get only the counts.
 */
export async function healthReport(
  deps: { db: Executor; identity: IdentityPort; photos: PhotosPort },
  options: { detailed: boolean },
): Promise<HealthReport> {
  if (!recent || performance.now() - recent.at > REUSE_MS) recent = { at: performance.now(), report: buildReport(deps) };
  const report = await recent.report;
  if (options.detailed) return report;
  return { ...report, checks: { ...report.checks, immich: { ...report.checks.immich, servers: undefined } } };
}
