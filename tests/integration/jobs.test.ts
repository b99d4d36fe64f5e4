import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outboxJobs, tenants } from "@/lib/db/schema";
import { retryFailedJob } from "@/lib/jobs/retry";
import { jobsForSubjects, queueCounts, troubledJobs } from "@/lib/jobs/status";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import type { RetryPolicy } from "@/lib/jobs/policy";
import { registerTenantInput } from "@/lib/tenants/input";
import { registerTenant } from "@/lib/tenants/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { db } from "@/tests/support/db";
import { operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { JOB_QUEUES } from "@/lib/platform/jobs";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";
import { inject } from "vitest";

const unusedMailer = { send: () => Promise.reject(new Error("no mail in these tests")) };
const FAST: RetryPolicy = { retryLimit: 20, retryDelay: 1, retryDelayMax: 2, expireInSeconds: 3 };
const keyring = testKeyring();
const photos = testPhotos(keyring);
let immich: FakeImmich;
let authentik: AuthentikSandbox;
const workers: Worker[] = [];

beforeAll(async () => {
  immich = await startFakeImmich();
  authentik = await startAuthentikSandbox();
});
afterEach(async () => {
  authentik.faults.clear();
  await Promise.all(workers.splice(0).map((worker) => worker.stop({ graceful: false }).catch(() => undefined)));
});
afterAll(async () => {
  await immich.close();
  await authentik.server.close();
});

async function worker(policy: RetryPolicy = FAST): Promise<Worker> {
  const started = await startWorker({
    databaseUrl: inject("databaseUrl"),
    context: {
      db,
      identity: authentik.identity,
      photos,
      keyring,
      mailer: unusedMailer,
      portalUrl: "http://localhost:3000",
      staffGroups: ["castello-operators", "castello-support"],
    },
    queues: JOB_QUEUES,
    policy,
    dispatchIntervalMs: 100,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
    monitorIntervalSeconds: 1,
  });
  workers.push(started);
  return started;
}

/** Registers (and commits) a tenant: its group job is in the outbox. */
async function newTenant() {
  const input = registerTenantInput.parse({
    slug: `jobs-${randomUUID().slice(0, 8)}`,
    displayName: "Jobs test",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "10",
    seatLimit: "5",
  });
  return (await registerTenant({ actor: operatorActor(), input }, { db, keyring, photos })).tenant;
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The tenant's group job (the tenant also has its sign-in wiring job). */
const groupJob = async (tenantId: number) =>
  (await jobsForSubjects(db, "tenant", [tenantId])).find((job) => job.queue.endsWith("ensure-tenant-group"));

const groupsNamed = (name: string) => authentik.directory.listGroups().filter((group) => group.name === name);
const groupIdOf = async (tenantId: number) => (await db.select().from(tenants).where(eq(tenants.id, tenantId)))[0]?.identityGroupId;

describe("the durable job queue", () => {
  it("creates the tenant's Authentik group once, and records it", async () => {
    await worker();
    const tenant = await newTenant();
    const groupId = await until(() => groupIdOf(tenant.id));
    expect(groupsNamed(tenant.identityGroupName)).toEqual([expect.objectContaining({ pk: groupId })]);
    const job = await until(async () => {
      const found = await groupJob(tenant.id);
      return found?.state === "completed" && found;
    });
    expect(job).toMatchObject({ queue: "identity.ensure-tenant-group", state: "completed" });
  });

  it("waits while Authentik fails, then completes once it is back, with nothing done twice", async () => {
    authentik.faults.add({ path: "/api/v3/core/groups/", fault: { kind: "status", status: 503 } });
    await worker();
    const tenant = await newTenant();
    const retrying = await until(async () => {
      const job = await groupJob(tenant.id);
      return job && job.state === "retry" && job.retryCount >= 1 && job;
    });
    expect(retrying.error).toMatch(/Authentik had an internal error|server_error/);
    expect(await groupIdOf(tenant.id)).toBeNull();
    expect(groupsNamed(tenant.identityGroupName)).toEqual([]);

    authentik.faults.clear();
    await until(() => groupIdOf(tenant.id));
    expect(groupsNamed(tenant.identityGroupName)).toHaveLength(1);
  });

  it("keeps queued work while Authentik refuses connections, and finishes after it comes back", async () => {
    authentik.faults.add({ path: "/api/v3/", fault: { kind: "refuse" } });
    await worker();
    const tenant = await newTenant();
    await until(async () => (await groupJob(tenant.id))?.state === "retry");
    authentik.faults.clear();
    await until(() => groupIdOf(tenant.id));
    expect(groupsNamed(tenant.identityGroupName)).toHaveLength(1);
  });

  it("adopts a group that already exists instead of creating a second one", async () => {
    const tenant = await newTenant();
    const existing = authentik.directory.createGroup({ name: tenant.identityGroupName });
    await worker();
    expect(await until(() => groupIdOf(tenant.id))).toBe(existing.pk);
    expect(groupsNamed(tenant.identityGroupName)).toHaveLength(1);
  });

  it("survives a worker dying mid-job: another worker finishes it, once", async () => {
    // Authentik answers slowly, so the first worker is still inside the job when it dies. Every
    // time: the tenant's wiring job looks the group up too and would use up a one-off slow answer.
    authentik.faults.add({ path: "/api/v3/core/groups/", method: "GET", fault: { kind: "delay", ms: 1500 } });
    const first = await worker();
    const tenant = await newTenant();
    await until(async () => (await groupJob(tenant.id))?.state === "active");
    await first.stop({ graceful: false });
    workers.splice(workers.indexOf(first), 1);

    await worker();
    // The dead worker can never settle the job: it completes only because the new worker
    // took it over after it expired, and ran it again (a retry) without creating a second group.
    const job = await until(async () => {
      const current = await groupJob(tenant.id);
      return current?.state === "completed" && current;
    }, 30_000);
    expect(job.retryCount).toBeGreaterThanOrEqual(1);
    expect(await groupIdOf(tenant.id)).toBeTruthy();
    expect(groupsNamed(tenant.identityGroupName)).toHaveLength(1);
  });

  it("never runs a job twice with two workers racing over many tenants", async () => {
    await Promise.all([worker(), worker()]);
    const created = await Promise.all(Array.from({ length: 8 }, () => newTenant()));
    for (const tenant of created) await until(() => groupIdOf(tenant.id));
    for (const tenant of created) expect(groupsNamed(tenant.identityGroupName)).toHaveLength(1);
    // Each job ran once: completed on its first attempt, one creation audited per tenant.
    const groupJobs = async () =>
      (
        await jobsForSubjects(
          db,
          "tenant",
          created.map((tenant) => tenant.id),
        )
      ).filter((job) => job.queue === "identity.ensure-tenant-group");
    const jobs = await until(async () => {
      const current = await groupJobs();
      return current.every((job) => job.state === "completed") && current;
    }, 90_000);
    expect(jobs.map((job) => [job.state, job.retryCount])).toEqual(created.map(() => ["completed", 0]));
    const audits = await db
      .select()
      .from(auditEvents)
      .where(
        inArray(
          auditEvents.entityId,
          created.map((tenant) => String(tenant.id)),
        ),
      );
    expect(audits.filter((event) => event.action === "tenant.identity_group.create")).toHaveLength(created.length);
    // pg-boss's supervisor recounts the queues every monitorIntervalSeconds (1 s here).
    await until(async () => {
      const { queues } = await queueCounts(db);
      return (queues.find((row) => row.queue === "identity.ensure-tenant-group")?.completed ?? 0) >= created.length;
    });
  });

  it("still works a job that was waiting under a queue's former name", async () => {
    const input = registerTenantInput.parse({
      slug: `old-${randomUUID().slice(0, 8)}`,
      displayName: "Old queue name",
      immichUrl: immich.url,
      immichApiKey: immich.adminApiKey,
      defaultFamilyStorageGb: "10",
      seatLimit: "5",
    });
    const [tenant] = await db
      .insert(tenants)
      .values({
        slug: input.slug,
        displayName: input.displayName,
        immichUrl: input.immichUrl,
        identityGroupName: `castello-tenant-${input.slug}`,
      })
      .returning();
    // Written before the rename: the queue was named after Authentik.
    await db.insert(outboxJobs).values({
      queue: "authentik.ensure-tenant-group",
      payload: { tenantId: tenant!.id },
      dedupeKey: `authentik.ensure-tenant-group:tenant:${tenant!.id}`,
      subjectType: "tenant",
      subjectId: String(tenant!.id),
      tenantId: tenant!.id,
    });
    await worker();
    expect(await until(() => groupIdOf(tenant!.id))).toBeTruthy();
    // The group id is stored inside the job, a moment before pg-boss marks it completed.
    const job = await until(async () => {
      const current = await groupJob(tenant!.id);
      return current?.state === "completed" && current;
    }, 60_000);
    expect(job).toMatchObject({ queue: "authentik.ensure-tenant-group", state: "completed" });
    await db.delete(tenants).where(eq(tenants.id, tenant!.id));
  });

  it("keeps a job that ran out of retries as failed, with its error, until an operator retries it", async () => {
    authentik.faults.add({ path: "/api/v3/core/groups/", fault: { kind: "status", status: 500 } });
    const impatient = await worker({ ...FAST, retryLimit: 0 });
    const tenant = await newTenant();
    const failed = await until(async () => {
      const job = await groupJob(tenant.id);
      return job?.state === "failed" && job;
    });
    expect(failed.error).toMatch(/Authentik had an internal error/);
    expect((await troubledJobs(db)).map((job) => job.id)).toContain(failed.id);
    await until(async () => ((await queueCounts(db)).queues.find((row) => row.queue === "identity.ensure-tenant-group")?.failed ?? 0) >= 1);

    authentik.faults.clear();
    await retryFailedJob(db, impatient.boss, failed.id, operatorActor());
    await until(() => groupIdOf(tenant.id));
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, failed.id));
    expect(audit).toMatchObject({ action: "job.retry", actorSub: "op" });
    await expect(retryFailedJob(db, impatient.boss, failed.id, operatorActor())).rejects.toThrow(/not failed/);
  });
});
