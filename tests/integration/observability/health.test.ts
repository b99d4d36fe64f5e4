import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Executor } from "@/lib/db/connect";
import { outboxJobs } from "@/lib/db/schema";
import { startBoss } from "@/lib/jobs/boss";
import { startMetricsServer } from "@/lib/platform/metrics";
import { checkDatabase, checkIdentity, checkMigrations, checkPhotos, checkQueue, healthReport } from "@/lib/platform/health";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { db, inRollback } from "@/tests/support/db";
import { createTenant, deleteTenants } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { tenantKeyContext } from "@/lib/tenants/key-context";

const METRICS_TOKEN = "m".repeat(40);
const settings = vi.hoisted(() => ({ METRICS_TOKEN: undefined as string | undefined }));
vi.mock("@/lib/env", () => ({ getEnv: () => settings }));
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  return {
    serverDeps: () => ({ db: testDb, identity: { health: async () => ({ reachable: true, credentialsAccepted: true }) }, photos: {} }),
  };
});

const keyring = testKeyring();
const photos = testPhotos(keyring);
let authentik: AuthentikSandbox;
let immich: FakeImmich;
const tenantIds: number[] = [];

beforeAll(async () => {
  // The queue check reads pg-boss's job table: it must exist, as it does once a worker ran.
  await (await startBoss({ databaseUrl: inject("databaseUrl") })).stop({ graceful: false });
  [authentik, immich] = await Promise.all([startAuthentikSandbox(), startFakeImmich()]);
});
afterAll(async () => {
  await deleteTenants(db, tenantIds);
  await Promise.all([authentik?.server.close(), immich?.close()]);
});

describe("the health checks", () => {
  it("find the database migrated, and a database behind on migrations not ready", async () => {
    expect(await checkDatabase(db)).toMatchObject({ ok: true, status: "ok" });
    expect(await checkMigrations(db)).toMatchObject({ ok: true });
    const behind = { execute: async () => [{ newest: "1" }] } as unknown as Executor;
    expect(await checkMigrations(behind)).toMatchObject({ ok: false, status: "degraded", reason: "failed" });
  });

  it("call a queue stale when a job has waited more than five minutes", () =>
    inRollback(async (tx) => {
      await tx.insert(outboxJobs).values({
        queue: "identity.ensure-tenant-group",
        payload: {},
        dedupeKey: `health:${randomUUID()}`,
        subjectType: "tenant",
        subjectId: "0",
        createdAt: new Date(Date.now() - 10 * 60_000),
      });
      const queue = await checkQueue(tx);
      expect(queue).toMatchObject({ ok: false, status: "degraded", reason: "stale" });
      expect(queue.pending).toBeGreaterThan(0);
      expect(queue.oldestPendingSeconds).toBeGreaterThanOrEqual(600);
    }));

  it("say why Authentik is degraded by a code, and give up on a hanging one within the timeout", async () => {
    expect(await checkIdentity(authentik.identity)).toMatchObject({ ok: true });
    authentik.faults.add({ path: "/api/v3/core/groups/", fault: { kind: "status", status: 403, body: { detail: "Token invalid" } } });
    expect(await checkIdentity(authentik.identity)).toEqual(expect.objectContaining({ ok: false, reason: "credentials_rejected" }));
    authentik.faults.clear();
    authentik.faults.add({ path: "/api/v3/root/config/", fault: { kind: "timeout" } });
    const started = Date.now();
    expect(await checkIdentity(authentik.identity)).toMatchObject({ ok: false, reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(4000);
    authentik.faults.clear();
  });

  it("check each tenant's photo server, and report an unreadable key without its error", async () => {
    const tenant = async (sealWith: typeof keyring) => {
      const slug = `health-${randomUUID().slice(0, 8)}`;
      const sealed = encryptSecret(sealWith, immich.adminApiKey, tenantKeyContext(slug));
      const created = await createTenant(db, { slug, immichUrl: immich.url, immichApiKeyEncrypted: sealed });
      tenantIds.push(created.id);
      return created;
    };
    const good = await tenant(keyring);
    const unreadable = await tenant(testKeyring());
    const checks = await checkPhotos(db, photos);
    expect(checks.servers).toContainEqual(expect.objectContaining({ tenant: good.slug, ok: true, status: "ok" }));
    expect(checks.servers).toContainEqual(expect.objectContaining({ tenant: unreadable.slug, ok: false, reason: "key_unreadable" }));
    expect(checks).toMatchObject({ ok: false, status: "degraded" });
    const report = await healthReport({ db, identity: authentik.identity, photos }, { detailed: false });
    expect(report).toMatchObject({ status: "degraded", checks: { database: { ok: true }, authentik: { ok: true } } });
    expect(report.checks.immich.servers).toBeUndefined();
    expect(JSON.stringify(report)).not.toMatch(/adminApiKey|decrypt|Error/);
  });
});

describe("the endpoints", () => {
  it("answer liveness always, readiness when migrated, and health 200 while the database answers", async () => {
    const live = await (await import("@/app/api/health/live/route")).GET();
    expect(live.status).toBe(200);
    const ready = await (await import("@/app/api/health/ready/route")).GET(new Request("http://portal/api/health/ready"));
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toBeTruthy();
    const health = await (await import("@/app/api/health/route")).GET(new Request("http://portal/api/health"));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ checks: { database: { ok: true }, queue: {}, authentik: { ok: true }, immich: {} } });
  });

  it("serve metrics only with the token, and not at all without the setting", async () => {
    const { GET } = await import("@/app/api/metrics/route");
    const scrape = (authorization?: string) =>
      GET(new Request("http://portal/api/metrics", { headers: authorization ? { authorization } : {} }));
    settings.METRICS_TOKEN = undefined;
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    settings.METRICS_TOKEN = METRICS_TOKEN;
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${"x".repeat(40)}`)).status).toBe(401);
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("# TYPE castello_jobs gauge");
  });

  it("serve the worker's metrics on their own port", async () => {
    const server = await startMetricsServer({ port: 0, db, token: METRICS_TOKEN });
    try {
      const { port } = server.address() as { port: number };
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("castello_job_oldest_pending_seconds");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
