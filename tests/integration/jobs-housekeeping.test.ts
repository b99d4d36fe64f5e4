import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { invites, outboxJobs } from "@/lib/db/schema";
import { expireInvites } from "@/lib/invites/expiry";
import { bossJobs } from "@/lib/jobs/boss-tables";
import { ensureQueues, startBoss } from "@/lib/jobs/boss";
import { DISPATCH_BATCH, dispatchOutbox } from "@/lib/jobs/dispatcher";
import { enqueueJob } from "@/lib/jobs/outbox";
import { pruneOutbox } from "@/lib/jobs/prune";
import { defineQueue, register } from "@/lib/jobs/queue";
import { jobsForSubjects, troubledJobs } from "@/lib/jobs/status";
import { startWorker } from "@/lib/jobs/worker";
import { db } from "@/tests/support/db";
import { createFamily, createInvite, createTenant, deleteTenants } from "@/tests/support/factories";
import { until } from "@/tests/support/wait";

/** The queue's upkeep: batched dispatch, outcomes that outlive pg-boss, scheduled expiry and pruning. */
const RUN = randomUUID().slice(0, 8);
const queues = [0, 1, 2, 3].map((index) =>
  defineQueue({ name: `test.housekeeping-${RUN}-${index}`, label: "jobs.ensureTenantGroup", payload: z.object({ n: z.number().int() }) }),
);
const names = queues.map((queue) => queue.name);
const tenantIds: number[] = [];

async function enqueueMany(count: number, subject: string) {
  await db.transaction(async (tx) => {
    for (let n = 0; n < count; n += 1) await enqueueJob(tx, { queue: queues[n % 3]!, payload: { n }, subject: { type: subject, id: n } });
  });
}

afterAll(async () => {
  await db.delete(outboxJobs).where(inArray(outboxJobs.queue, names));
  await db.execute(sql`delete from pgboss.job where name = any(${sql.param(names)}::text[])`);
  await deleteTenants(db, tenantIds);
});

describe("the dispatcher", () => {
  let boss: Awaited<ReturnType<typeof startBoss>>;
  beforeAll(async () => {
    boss = await startBoss({ databaseUrl: inject("databaseUrl") });
    await ensureQueues(boss, names, { retryLimit: 7, retryDelay: 1, retryDelayMax: 2, expireInSeconds: 30 });
  });
  afterAll(() => boss.stop({ graceful: false }));

  it("sends a backlog in full batches, one pg-boss job per row under its id, with the queue's policy", async () => {
    const subject = `dispatch-${RUN}`;
    await enqueueMany(2_500, subject);
    const sent: number[] = [];
    for (let batch = await dispatchOutbox(db, boss); batch > 0; batch = await dispatchOutbox(db, boss)) sent.push(batch);
    // Other tests' rows may be pending too: ours are all sent, in batches no bigger than the limit.
    expect(Math.max(...sent)).toBeLessThanOrEqual(DISPATCH_BATCH);
    const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, subject));
    expect(rows.filter((row) => row.status !== "dispatched")).toEqual([]);
    const jobs = await db.select().from(bossJobs).where(inArray(bossJobs.name, names));
    expect(jobs.filter((job) => job.name !== names[3])).toHaveLength(2_500);
    expect(new Set(jobs.map((job) => job.id))).toEqual(new Set(rows.map((row) => row.id)));
    expect(new Set(jobs.map((job) => job.retryLimit))).toEqual(new Set([7]));
  });

  it("sends a row again after a crash between insert and mark, and pg-boss keeps one job", async () => {
    const subject = `resend-${RUN}`;
    await enqueueMany(3, subject);
    await dispatchOutbox(db, boss);
    // As if the mark had been lost: the rows are pending again, their jobs already exist.
    await db.update(outboxJobs).set({ status: "pending" }).where(eq(outboxJobs.subjectType, subject));
    await dispatchOutbox(db, boss);
    const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, subject));
    const jobs = await db
      .select()
      .from(bossJobs)
      .where(
        inArray(
          bossJobs.id,
          rows.map((row) => row.id),
        ),
      );
    expect(jobs).toHaveLength(3);
  });
});

describe("a job's outcome", () => {
  it("outlives pg-boss's purge: completed and failed stay so, and only the failed one is open", async () => {
    const subject = `outcome-${RUN}`;
    // A queue of its own: the dispatcher tests left jobs in the others.
    const handler = register<{ n: number }, { db: typeof db }>(queues[3]!, async ({ n }) => {
      if (n === 1) throw new Error("the upstream said no");
      return { n };
    });
    const worker = await startWorker({
      databaseUrl: inject("databaseUrl"),
      context: { db },
      queues: [handler],
      policy: { retryLimit: 0, retryDelay: 1, retryDelayMax: 1, expireInSeconds: 30 },
      dispatchIntervalMs: 100,
      pollingIntervalSeconds: 0.5,
    });
    try {
      await db.transaction(async (tx) => {
        for (const n of [0, 1]) await enqueueJob(tx, { queue: queues[3]!, payload: { n }, subject: { type: subject, id: n } });
      });
      await until(async () => {
        const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, subject));
        return rows.length === 2 && rows.every((row) => row.finishedAt !== null);
      });
    } finally {
      await worker.stop({ graceful: false });
    }
    const rows = await db.select().from(outboxJobs).where(eq(outboxJobs.subjectType, subject));
    expect((await troubledJobs(db)).map((job) => job.id)).toContain(rows.find((row) => row.subjectId === "1")!.id);
    // pg-boss forgets them (its retention); the outbox still tells.
    await db.delete(bossJobs).where(
      inArray(
        bossJobs.id,
        rows.map((row) => row.id),
      ),
    );
    const history = await jobsForSubjects(db, subject, [0, 1]);
    expect(Object.fromEntries(history.map((job) => [job.subjectId, [job.state, job.error]]))).toEqual({
      "0": ["completed", null],
      "1": ["failed", "the upstream said no"],
    });
    const open = await jobsForSubjects(db, subject, [0, 1], { open: true });
    expect(open.map((job) => job.subjectId)).toEqual(["1"]);
  });
});

describe("scheduled upkeep", () => {
  it("expires pending invites past their expiry, and only those", async () => {
    const tenant = await createTenant(db);
    tenantIds.push(tenant.id);
    const family = await createFamily(db, tenant.id);
    const now = new Date();
    const { invite: late } = await createInvite(db, family, { expiresAt: new Date(now.getTime() - 1000) });
    const { invite: current } = await createInvite(db, family, { expiresAt: new Date(now.getTime() + 60_000) });
    const { invite: revoked } = await createInvite(db, family, { expiresAt: new Date(now.getTime() - 1000), status: "revoked" });
    const { expired } = await expireInvites({}, { db, now: () => now });
    expect(expired).toBeGreaterThanOrEqual(1);
    const rows = await db
      .select({ id: invites.id, status: invites.status })
      .from(invites)
      .where(inArray(invites.id, [late.id, current.id, revoked.id]));
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [late.id]: "expired",
      [current.id]: "pending",
      [revoked.id]: "revoked",
    });
  });

  it("prunes jobs finished over 30 days ago and stale rows pg-boss forgot, and keeps the rest", async () => {
    const subject = `prune-${RUN}`;
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const row = (n: number, values: Partial<typeof outboxJobs.$inferInsert>) => ({
      queue: names[0]!,
      payload: { n },
      dedupeKey: `${subject}:${n}`,
      subjectType: subject,
      subjectId: String(n),
      ...values,
    });
    await db
      .insert(outboxJobs)
      .values([
        row(0, { status: "completed", createdAt: daysAgo(40), finishedAt: daysAgo(31) }),
        row(1, { status: "failed", createdAt: daysAgo(40), finishedAt: daysAgo(31), lastError: "x" }),
        row(2, { status: "completed", createdAt: daysAgo(40), finishedAt: daysAgo(2) }),
        row(3, { status: "dispatched", createdAt: daysAgo(40), dispatchedAt: daysAgo(40) }),
        row(4, { status: "dispatched", createdAt: daysAgo(1), dispatchedAt: daysAgo(1) }),
        row(5, { status: "pending", createdAt: daysAgo(40) }),
      ]);
    await pruneOutbox({}, { db });
    const kept = await db
      .select({ n: outboxJobs.subjectId })
      .from(outboxJobs)
      .where(and(eq(outboxJobs.subjectType, subject)));
    expect(kept.map((entry) => entry.n).sort()).toEqual(["2", "4", "5"]);
  });
});
