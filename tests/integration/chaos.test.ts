import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { UserStatus } from "@immich/sdk";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { invites, members, outboxJobs, tenants, type Invite } from "@/lib/db/schema";
import { createInvites } from "@/lib/invites/service";
import { bossJobs } from "@/lib/jobs/boss-tables";
import { ensureQueues, startBoss } from "@/lib/jobs/boss";
import { queueNames } from "@/lib/jobs/queue";
import { acceptInvite } from "@/lib/onboarding/service";
import { JOB_QUEUES } from "@/lib/platform/jobs";
import { registerTenantInput } from "@/lib/tenants/input";
import { registerTenant } from "@/lib/tenants/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { SmtpFaultInjector, type CaughtMessage } from "@/sandbox/mail";
import { parseMessage } from "@/sandbox/mail/messages";
import { createSmtpServer } from "@/sandbox/mail/smtp";
import { CHAOS_POLICY } from "@/tests/support/chaos-worker";
import { db } from "@/tests/support/db";
import { actorOf, createFamily, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { AUTHENTIK_TEST_TOKEN, startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

/**
 * Chaos: 200 invites are sent and accepted while the worker PROCESS is SIGKILLed and restarted
 * at random moments (at least 20 times, and on until the last invite is accepted) and
 * Authentik, Immich and the mail server each fail for a few seconds at a time (503 or 500, a
 * refused connection, SMTP 451 or a dropped session). Then the faults stop, one worker stays
 * up, and every member must be provisioned exactly once, counted in the fakes' own state, not
 * only in Castello's tables.
 *
 * The worker is a real child process (tests/support/chaos-worker.ts: the settings, buildDeps,
 * handlers and startWorker of `npm run worker`, on the queues of this journey, with a short
 * retry policy so a killed job comes back in seconds). It is bundled once with esbuild, and the
 * next process is started ahead (once the current one is up; modules loaded, nothing
 * connected) and told to start its worker the moment the previous one is killed: loading the
 * modules takes seconds on 2 cores, which 20 restarts cannot afford. Every seventh process is killed during its start
 * (pg-boss start, queue set-up, the first dispatch), the others 0.5–2.5 s after their first job
 * completed, 2–5 s once the 20 kills are done (seeded: CHAOS_SEED reruns a run's choices): a
 * fresh process takes a second or more
 * for its first jobs (cold code, first connections), and killing it earlier would strand every
 * job it took and never converge.
 *
 * An invitee accepts (acceptInvite, as the invite page does, again after a failure) once the
 * mail has come and the invite's jobs are done, as a person reads the mail later: accepting the
 * instant the mail lands would make a retried mail job skip ("not pending") and hide a resend.
 *
 * What fails, and on what (soft assertions: a run names every one that fails):
 * - a mail sent twice (a handler that does not skip a sent mail, or a retry that makes a new
 *   message): "messages per invite", distinct Message-IDs counted in the SMTP catcher, with the
 *   kills next to each mail. A worker killed between the server's acceptance and `mail_sent_at`
 *   delivers the same message again (SMTP is at-least-once), which the mailbox keeps once;
 * - a lost job (an outbox row never dispatched, a job left active by a killed worker and never
 *   retried, a job failed for good): the bounded wait for "nothing open" names the open rows,
 *   and "jobs failed for good" the failed ones; a lost mail also fails the acceptance (no link);
 * - a second Immich user (a create without the look-up by e-mail): Immich refuses a second
 *   user with the address, so the job fails for good and the users created per e-mail (the
 *   fake's store, instrumented) and the member's `immich_user_id` disagree;
 * - a lost or wrong group membership (a member left out, or a second tenant group made by a
 *   non-idempotent ensure-group): each tenant group's members are exactly its invitees, each in
 *   exactly one tenant group, and one group of that name;
 * - a second enrollment invitation (a retried creation that does not adopt by name): it is
 *   left in Authentik after the acceptances deleted the recorded ones;
 * - an effect enqueued twice: one outbox row per (queue, invite or member).
 */

const INVITES = 200;
const MIN_KILLS = 20;
const TENANTS = 2;
const FAMILIES_PER_TENANT = 10;
const INVITES_PER_FAMILY = INVITES / (TENANTS * FAMILIES_PER_TENANT);
const STREAMS = 4;
const GB = 1_000_000_000;
const PORTAL = "http://localhost:3000";
const SEED = Number(process.env.CHAOS_SEED ?? 20_240_614);
const DEADLINE_MS = 240_000;

const keyring = testKeyring();
const photos = testPhotos(keyring);
const tenantIds: number[] = [];
const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** mulberry32: a small seeded generator, so a run's kill times and faults can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (min: number, max: number) => min + (max - min) * next() };
}

let immich: FakeImmich;
let authentik: AuthentikSandbox;
let catcher: Awaited<ReturnType<typeof startSmtpCatcher>>;
let buildDir: string;
let workerEnv: NodeJS.ProcessEnv;
/** Immich users created per e-mail, counted in the fake's store (a refused second create never gets here). */
const immichCreates = new Map<string, number>();
/** Queues whose retryDelayMax this file lowered, with the value to put back. */
const savedDelayMax = new Map<string, number | null>();

/**
 * The mail catcher's SMTP server (sandbox/mail) without its web mailbox, counting the sessions
 * cut off by a killed worker (its `error` events: ECONNRESET in the middle of a message).
 */
async function startSmtpCatcher() {
  const faults = new SmtpFaultInjector();
  const caught: CaughtMessage[] = [];
  let resets = 0;
  const smtp = createSmtpServer({
    faults,
    onMessage: async (raw, envelope) => {
      caught.push(await parseMessage(String(caught.length + 1), raw, envelope));
    },
  });
  smtp.on("error", () => (resets += 1));
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    faults,
    messages: () => [...caught],
    resets: () => resets,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// The worker processes

interface WorkerProcess {
  n: number;
  child: ChildProcess;
  loaded: Promise<void>;
  ready: Promise<void>;
  exited: Promise<void>;
  alive: boolean;
  startedAt?: number;
  readyAt?: number;
}

const processes: WorkerProcess[] = [];
/** The last lines the workers wrote, shown when the test fails. */
const workerOutput: string[] = [];
const remember = (n: number, chunk: Buffer) => {
  for (const line of chunk.toString().split("\n").filter(Boolean)) workerOutput.push(`[worker ${n}] ${line.slice(0, 400)}`);
  if (workerOutput.length > 400) workerOutput.splice(0, workerOutput.length - 200);
};

function spawnWorker(): WorkerProcess {
  const n = processes.length + 1;
  const child = spawn(process.execPath, [path.join(buildDir, "chaos-worker.mjs")], {
    env: workerEnv,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  child.stdout!.on("data", (chunk: Buffer) => remember(n, chunk));
  child.stderr!.on("data", (chunk: Buffer) => remember(n, chunk));
  const signal = (name: string) =>
    new Promise<void>((resolve, reject) => {
      child.on("message", (message) => message === name && resolve());
      child.once("exit", (code, how) => reject(new Error(`worker ${n} exited (${how ?? code}) before it was ${name}`)));
    });
  const worker: WorkerProcess = {
    n,
    child,
    alive: true,
    loaded: signal("loaded"),
    ready: signal("ready"),
    exited: new Promise((resolve) => child.once("exit", () => resolve())),
  };
  // Awaited where needed; an early exit is seen through `exited`.
  worker.loaded.catch(() => undefined);
  worker.ready.catch(() => undefined);
  void worker.exited.then(() => (worker.alive = false));
  processes.push(worker);
  return worker;
}

/** Tells a loaded process to start its worker (connect, ensure queues, dispatch, work). */
async function startWorking(worker: WorkerProcess): Promise<WorkerProcess> {
  await worker.loaded;
  worker.startedAt = Date.now();
  worker.child.send("start");
  worker.ready.then(
    () => (worker.readyAt = Date.now()),
    () => undefined,
  );
  return worker;
}

async function kill(worker: WorkerProcess): Promise<void> {
  if (worker.alive) worker.child.kill("SIGKILL");
  await worker.exited;
}

/** Synchronous last resort (the test process exits): no worker outlives this file. */
const killAllNow = () => {
  for (const worker of processes) if (worker.alive) worker.child.kill("SIGKILL");
};

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  process.on("exit", killAllNow);
  buildDir = await mkdtemp(path.join(tmpdir(), "castello-chaos-"));
  const root = path.resolve(import.meta.dirname, "../..");
  await build({
    entryPoints: [path.join(root, "tests/support/chaos-worker.ts")],
    absWorkingDir: root,
    outfile: path.join(buildDir, "chaos-worker.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    logLevel: "error",
    // CommonJS packages in an ES module bundle still find require, __filename and __dirname.
    banner: {
      js: [
        "import { createRequire as __createRequire } from 'node:module';",
        "import { fileURLToPath as __fileURLToPath } from 'node:url';",
        "const require = __createRequire(import.meta.url);",
        "const __filename = __fileURLToPath(import.meta.url);",
        "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
      ].join("\n"),
    },
  });

  immich = await startFakeImmich();
  authentik = await startAuthentikSandbox({ enrollment: { castelloUrl: PORTAL } });
  catcher = await startSmtpCatcher();
  const insertUser = immich.store.insertUser.bind(immich.store);
  immich.store.insertUser = (input) => {
    immichCreates.set(input.email, (immichCreates.get(input.email) ?? 0) + 1);
    return insertUser(input);
  };

  // Jobs take the queue's retry settings when they are inserted. The worker sets them on every
  // start, except retryDelayMax (only on creation): a queue made by another file with the
  // default cap (30 min) would let a job that failed a few times wait minutes.
  const boss = await startBoss({ databaseUrl: inject("databaseUrl") });
  try {
    const names = JOB_QUEUES.flatMap((registered) => queueNames(registered.queue));
    const before = new Map((await boss.getQueues()).map((queue) => [queue.name, queue.retryDelayMax ?? null]));
    await ensureQueues(boss, names, CHAOS_POLICY);
    for (const name of names) {
      if (before.has(name)) savedDelayMax.set(name, before.get(name)!);
      await boss.updateQueue(name, { retryBackoff: true, retryDelayMax: CHAOS_POLICY.retryDelayMax });
    }
  } finally {
    await boss.stop({ graceful: false });
  }

  workerEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NODE_NO_WARNINGS: "1",
    LOG_LEVEL: "warn",
    CASTELLO_CHAOS_WORKER: "1",
    DATABASE_URL: inject("databaseUrl"),
    AUTH_SECRET: randomBytes(33).toString("base64"),
    AUTH_URL: PORTAL,
    AUTH_AUTHENTIK_ISSUER: `${authentik.server.url}/application/o/castello/`,
    AUTH_AUTHENTIK_ID: "castello",
    AUTH_AUTHENTIK_SECRET: "chaos-secret",
    AUTHENTIK_URL: authentik.server.url,
    AUTHENTIK_API_TOKEN: AUTHENTIK_TEST_TOKEN,
    CASTELLO_ENCRYPTION_KEY: keyring.current.toString("base64"),
    SMTP_URL: catcher.smtpUrl,
    MAIL_FROM: "Castello <noreply@castello.test>",
  };
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((worker) => kill(worker)));
  process.off("exit", killAllNow);
  await deleteTenants(db, tenantIds);
  if (savedDelayMax.size > 0) {
    const boss = await startBoss({ databaseUrl: inject("databaseUrl") });
    for (const [name, value] of savedDelayMax)
      await boss.updateQueue(name, { retryBackoff: true, retryDelayMax: value }).catch(() => undefined);
    await boss.stop({ graceful: false });
  }
  await Promise.all([immich?.close(), authentik?.server.close(), catcher?.close()]);
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
}, 60_000);

// ---------------------------------------------------------------------------------------------
// The households and their invites

interface Invitee {
  invite: Invite;
  tenantId: number;
  user: { uid: string; pk: number; name: string; email: string };
}

async function newTenant() {
  const input = registerTenantInput.parse({
    slug: unique("chaos"),
    displayName: "Foto Chaos",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "100",
    seatLimit: "6",
  });
  const { tenant } = await registerTenant({ actor: operatorActor(), input }, { db, keyring, photos });
  tenantIds.push(tenant.id);
  return tenant;
}

/** Families with room for their invites, each invite for a person who has an Authentik account. */
async function inviteEveryone(): Promise<Invitee[]> {
  const invitees: Invitee[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await newTenant();
    for (let f = 0; f < FAMILIES_PER_TENANT; f++) {
      const family = await createFamily(db, tenant.id, { name: `Chaos ${t}-${f}`, seatLimit: INVITES_PER_FAMILY + 1 });
      const owner = await createMember(db, family, { role: "owner", displayName: `Owner ${t}-${f}` });
      const emails = Array.from({ length: INVITES_PER_FAMILY }, () => `${unique("invitee")}@example.test`);
      const users = new Map(
        emails.map((email) => {
          const user = authentik.directory.createUser({ username: unique("user"), name: `Person ${email.slice(8, 16)}`, email });
          return [email, user] as const;
        }),
      );
      const created = await createInvites(
        { actor: actorOf(owner), input: { familyId: family.id, emails: emails.join(", "), role: "member", quotaBytes: 5 * GB } },
        { db, keyring },
      );
      for (const invite of created) invitees.push({ invite, tenantId: tenant.id, user: users.get(invite.email)! });
    }
  }
  return invitees;
}

const mailsTo = (email: string, all: CaughtMessage[] = catcher.messages()) =>
  all.filter((message) => message.to.some((to) => to.address === email));

function linkToken(message: CaughtMessage): string {
  const tokens = message.links.map((link) => /^http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})$/.exec(link)?.[1]).filter(Boolean);
  if (tokens.length !== 1) throw new Error(`expected one invite link in the mail to ${message.to[0]?.address}, got ${tokens.length}`);
  return tokens[0]!;
}

/** The outbox rows of this file's tenants with their pg-boss job's state, when pg-boss has it. */
const outboxOfTenants = () =>
  db
    .select({
      id: outboxJobs.id,
      queue: outboxJobs.queue,
      subjectType: outboxJobs.subjectType,
      subjectId: outboxJobs.subjectId,
      status: outboxJobs.status,
      lastError: outboxJobs.lastError,
      bossState: bossJobs.state,
      retryCount: bossJobs.retryCount,
    })
    .from(outboxJobs)
    .leftJoin(bossJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(inArray(outboxJobs.tenantId, tenantIds));
type OutboxRow = Awaited<ReturnType<typeof outboxOfTenants>>[number];
/** Invites whose enrollment invitation and mail jobs have both completed. */
async function invitesWithJobsDone(): Promise<Set<number>> {
  const rows = await db
    .select({ subjectId: outboxJobs.subjectId })
    .from(outboxJobs)
    .where(
      and(
        inArray(outboxJobs.tenantId, tenantIds),
        eq(outboxJobs.subjectType, "invite"),
        inArray(outboxJobs.queue, ["identity.create-invitation", "mail.send-invite"]),
        eq(outboxJobs.status, "completed"),
      ),
    );
  const done = Object.groupBy(rows, (row) => row.subjectId);
  return new Set(
    Object.entries(done)
      .filter(([, jobs]) => jobs!.length === 2)
      .map(([id]) => Number(id)),
  );
}
const completedJobs = async () =>
  (
    await db
      .select({ count: count() })
      .from(outboxJobs)
      .where(and(inArray(outboxJobs.tenantId, tenantIds), eq(outboxJobs.status, "completed")))
  )[0]!.count;
const isOpen = (row: OutboxRow) => row.status !== "completed" || (row.bossState !== null && row.bossState !== "completed");

// ---------------------------------------------------------------------------------------------

describe("chaos: the worker killed and restarted, every upstream failing for a while", () => {
  it(
    `provisions each of ${INVITES} accepted invitees exactly once through ≥ ${MIN_KILLS} SIGKILLs of the worker`,
    { timeout: DEADLINE_MS + 30_000 },
    async () => {
      // Set-up without a worker: the invites' jobs wait in the outbox and run only under the
      // chaos. The first two processes load their modules meanwhile.
      let current = spawnWorker();
      /** The next process, spawned once the current one is up (its loading would slow that start). */
      let spare: WorkerProcess | undefined = spawnWorker();
      const setUp = Date.now();
      const invitees = await inviteEveryone();
      expect(invitees).toHaveLength(INVITES);

      const began = Date.now();
      const deadline = began + DEADLINE_MS;
      const killRng = seeded(SEED);
      const faultRng = seeded(SEED + 1);
      const log: string[] = [`seed ${SEED}; ${INVITES} invites created in ${elapsed(setUp)}`];
      const note = (line: string) => log.push(`${elapsed(began).padStart(7)} ${line}`);
      let chaos = true;
      /** Set when the test fails: the loops stop at once instead of finishing their rounds. */
      let aborted = false;
      let accepted = 0;

      // The kill loop: a process started ahead takes over the moment the last one is killed.
      const kills: { n: number; at: number; phase: "starting" | "working" }[] = [];
      current = await startWorking(current);
      const killing = (async () => {
        while ((chaos || kills.length < MIN_KILLS) && !aborted) {
          if ((current.n + 1) % 7 === 0) {
            spare ??= spawnWorker();
            await sleep(killRng.between(0, 500));
          } else {
            // At a random moment once this process has got something done, so the run converges
            // (its first jobs take a second or more), or after 10 s whatever it did.
            await Promise.race([current.ready.catch(() => undefined), current.exited]);
            spare ??= spawnWorker();
            const before = await completedJobs();
            const patience = Date.now() + 10_000;
            while (current.alive && Date.now() < patience && (await completedJobs()) === before) await sleep(100);
            // Past the minimum, lives get longer: still killed while invitees accept, less time lost.
            await sleep(kills.length < MIN_KILLS ? killRng.between(500, 2500) : killRng.between(2000, 5000));
          }
          const phase = current.readyAt ? "working" : "starting";
          if (!current.alive) note(`worker ${current.n} exited on its own`);
          await kill(current);
          kills.push({ n: current.n, at: Date.now(), phase });
          note(
            `killed worker ${current.n} ${phase}` +
              (current.readyAt
                ? ` (ready after ${current.readyAt - current.startedAt!} ms, then ${Date.now() - current.readyAt} ms)`
                : "") +
              `, ${accepted} accepted`,
          );
          current = await startWorking(spare);
          spare = undefined;
          if (Date.now() > deadline) throw new Error(`only ${kills.length} kills before the deadline`);
        }
      })();
      killing.catch(() => undefined);

      // The faults: each upstream in turn fails for 2–4 s, with 2–5 s of calm between.
      const faults = [
        { name: "Authentik 503", on: () => authentik.faults.add({ path: "/api/v3/", fault: { kind: "status", status: 503 } }) },
        { name: "Immich 500", on: () => immich.faults.add({ path: "/api/", fault: { kind: "status", status: 500 } }) },
        { name: "SMTP 451", on: () => catcher.faults.add({ mode: "reject", code: 451 }) },
        { name: "Authentik refused", on: () => authentik.faults.add({ path: "/api/v3/", fault: { kind: "refuse" } }) },
        { name: "Immich refused", on: () => immich.faults.add({ path: "/api/", fault: { kind: "refuse" } }) },
        { name: "SMTP dropped", on: () => catcher.faults.add({ mode: "drop" }) },
      ] as const;
      const clearFaults = () => {
        authentik.faults.clear();
        immich.faults.clear();
        catcher.faults.clear();
      };
      const injected: string[] = [];
      const faulting = (async () => {
        for (let i = 0; chaos && !aborted; i++) {
          const fault = faults[i % faults.length]!;
          const ms = faultRng.between(2000, 4000);
          fault.on();
          injected.push(`${fault.name} ${(ms / 1000).toFixed(1)} s`);
          note(`fault on: ${fault.name} for ${(ms / 1000).toFixed(1)} s`);
          await sleep(ms);
          clearFaults();
          await sleep(faultRng.between(2000, 5000));
        }
      })();
      faulting.catch(() => undefined);

      try {
        // Accepting, in a few concurrent streams: each takes an invitee whose mail has come and
        // whose invite jobs are done (an invitee reads the mail later than the moment it
        // arrives: a mail job killed after sending must not be saved by a quick acceptance),
        // reads the link's token and accepts as the signed-in invitee would, again after a
        // failure (Authentik answers the acceptance's look-ups, and fails too).
        let acceptFailures = 0;
        const memberIds = new Map<number, number>();
        const waiting = [...invitees];
        let sent = new Set<number>();
        const watching = (async () => {
          while (waiting.length > 0 && !aborted) {
            sent = await invitesWithJobsDone();
            await sleep(200);
          }
        })();
        watching.catch(() => undefined);
        const stream = async () => {
          while (waiting.length > 0) {
            const mail = new Map(catcher.messages().map((message) => [message.to[0]?.address, message]));
            const index = waiting.findIndex(({ invite }) => mail.has(invite.email) && sent.has(invite.id));
            if (index < 0) {
              if (Date.now() > deadline) {
                const missing = waiting.map(({ invite }) => `${invite.id}${mail.has(invite.email) ? "" : " (no mail)"}`);
                throw new Error(`${missing.length} invites not sent in time: ${missing.slice(0, 20).join(", ")}`);
              }
              await sleep(100);
              continue;
            }
            const [{ invite, user }] = waiting.splice(index, 1) as [Invitee];
            const token = linkToken(mail.get(invite.email)!);
            for (;;) {
              try {
                const member = await acceptInvite(
                  { token, person: { sub: user.uid, email: invite.email, name: user.name } },
                  { db, identity: authentik.identity },
                );
                memberIds.set(invite.id, member.id);
                accepted += 1;
                if (accepted % 50 === 0) note(`${accepted} accepted, ${catcher.messages().length} mails caught`);
                break;
              } catch (error) {
                acceptFailures += 1;
                if (Date.now() > deadline) throw new Error(`invite ${invite.id} not accepted in time`, { cause: error });
                await sleep(250);
              }
            }
          }
        };
        await Promise.all(Array.from({ length: STREAMS }, stream));
        await watching;
        note(`${accepted} accepted (${acceptFailures} attempts failed on a fault and were repeated), ${kills.length} kills so far`);

        // Calm: no more faults, the kills reach their minimum, then one worker stays up.
        chaos = false;
        await faulting;
        clearFaults();
        await killing;
        await Promise.race([
          current.ready.catch(() => undefined),
          current.exited.then(() => {
            throw new Error(`the last worker (${current.n}) exited`);
          }),
        ]);
        note(`calm: ${kills.length} kills, worker ${current.n} running`);

        // Bounded wait: every job of these tenants done, in the outbox and in pg-boss.
        let open: OutboxRow[] = [];
        for (;;) {
          open = (await outboxOfTenants()).filter(isOpen);
          if (open.length === 0) break;
          if (Date.now() > deadline) {
            const sample = open.slice(0, 10).map((row) => ({ ...row, lastError: row.lastError?.slice(0, 120) }));
            throw new Error(`${open.length} jobs still open after the chaos: ${JSON.stringify(sample, null, 1)}`);
          }
          await sleep(250);
        }
        note("every job completed");

        // --- Castello's own state: nothing failed, nothing enqueued twice. -------------------
        const rows = await outboxOfTenants();
        expect
          .soft(
            rows.filter((row) => row.status === "failed" || row.bossState === "failed"),
            "jobs failed for good",
          )
          .toEqual([]);
        const perEffect = Object.groupBy(rows, (row) => `${row.queue} ${row.subjectType}:${row.subjectId}`);
        expect
          .soft(
            Object.entries(perEffect).filter(([, same]) => same!.length > 1),
            "effects enqueued twice",
          )
          .toEqual([]);
        const rowsOf = (queue: string) => rows.filter((row) => row.queue === queue).length;
        expect.soft(rowsOf("identity.create-invitation"), "identity.create-invitation jobs").toBe(INVITES);
        expect.soft(rowsOf("mail.send-invite"), "mail.send-invite jobs").toBe(INVITES);
        expect.soft(rowsOf("identity.add-member-to-group"), "identity.add-member-to-group jobs").toBe(INVITES);
        expect.soft(rowsOf("photos.provision-user"), "photos.provision-user jobs").toBe(INVITES);
        expect.soft(rowsOf("identity.delete-invitation"), "identity.delete-invitation jobs").toBe(INVITES);

        const inviteRows = await db
          .select()
          .from(invites)
          .where(
            inArray(
              invites.id,
              invitees.map(({ invite }) => invite.id),
            ),
          );
        expect
          .soft(
            inviteRows
              .filter((row) => row.status !== "accepted" || !row.mailSentAt || !row.acceptedMemberId)
              .map((row) => ({ id: row.id, status: row.status, mailSentAt: row.mailSentAt, acceptedMemberId: row.acceptedMemberId })),
            "invites accepted, with their mail recorded as sent",
          )
          .toEqual([]);
        const memberRows = await db
          .select()
          .from(members)
          .where(and(inArray(members.tenantId, tenantIds), ne(members.role, "owner")));
        expect.soft(memberRows).toHaveLength(INVITES);
        expect.soft(new Set(memberRows.map((row) => row.id))).toEqual(new Set(memberIds.values()));
        expect.soft(memberRows.filter((row) => row.status !== "active" || !row.immichUserId)).toEqual([]);

        // --- The mail server: one message per invite, nothing lost, nothing doubled. --------
        // SMTP delivers at least once: a worker killed after the server's 250 and before
        // mail_sent_at committed sends the mail again, as the same message (its Message-ID is
        // fixed per sending, lib/invites/jobs.ts), which a mailbox keeps once. A second
        // Message-ID for an invite is a mail really sent twice.
        const allMail = catcher.messages();
        const mailCounts = invitees.map(({ invite }) => ({ invite, mails: mailsTo(invite.email, allMail) }));
        const messageIds = (mails: CaughtMessage[]) => new Set(mails.map((mail) => mail.messageId ?? `(none: ${mail.id})`));
        /** Each mail of an invite that got more or fewer than one message, with the kill that came next. */
        const wrongMail = mailCounts
          .filter(({ mails }) => messageIds(mails).size !== 1)
          .map(({ invite, mails }) => ({
            invite: invite.id,
            email: invite.email,
            mails: mails.map((mail) => {
              const next = kills.find((k) => k.at >= mail.receivedAt.getTime());
              const after = next ? `, worker ${next.n} killed ${next.at - mail.receivedAt.getTime()} ms later` : "";
              return `${mail.messageId} ${mail.receivedAt.toISOString()}${after}`;
            }),
          }));
        expect.soft(wrongMail, "messages per invite").toEqual([]);
        expect.soft(messageIds(allMail).size, "messages caught").toBe(INVITES);
        const redelivered = allMail.length - messageIds(allMail).size;

        // --- Immich: one user per member, the one the member points at. ----------------------
        const immichUsers = immich.store.listUsers({ withDeleted: true }).filter((user) => !user.isAdmin);
        const byEmail = Object.groupBy(immichUsers, (user) => user.email);
        const immichProblems = memberRows
          .map((member) => ({
            member: member.id,
            email: member.email,
            users: byEmail[member.email]?.length ?? 0,
            created: immichCreates.get(member.email) ?? 0,
            pointsAtIt: byEmail[member.email]?.[0]?.id === member.immichUserId,
            active: byEmail[member.email]?.[0]?.status === UserStatus.Active,
            quota: byEmail[member.email]?.[0]?.quotaSizeInBytes,
          }))
          .filter((row) => row.users !== 1 || row.created !== 1 || !row.pointsAtIt || !row.active || row.quota !== 5 * GB);
        expect.soft(immichProblems, "Immich users per member").toEqual([]);
        expect.soft(immichUsers, "Immich users").toHaveLength(INVITES);

        // --- Authentik: one group per tenant, holding exactly its invitees, once each. -------
        const tenantRows = await db.select().from(tenants).where(inArray(tenants.id, tenantIds));
        for (const tenant of tenantRows) {
          const groups = authentik.directory.listGroups().filter((group) => group.name === tenant.identityGroupName);
          expect.soft(groups, `groups named ${tenant.identityGroupName}`).toHaveLength(1);
          expect.soft(tenant.identityGroupId).toBe(groups[0]?.pk);
          const inGroup = authentik.directory
            .listUsers()
            .filter((user) => !!groups[0] && user.groupIds.has(groups[0].pk))
            .map((user) => user.uid);
          const expected = invitees.filter((invitee) => invitee.tenantId === tenant.id).map((invitee) => invitee.user.uid);
          expect.soft(inGroup.sort(), `members of ${tenant.identityGroupName}`).toEqual(expected.sort());
        }
        const tenantGroupPks = new Set(tenantRows.map((tenant) => tenant.identityGroupId));
        const memberships = invitees.map(({ user }) => {
          const account = authentik.directory.getUser(user.pk)!;
          return [...account.groupIds].filter((pk) => tenantGroupPks.has(pk)).length;
        });
        expect
          .soft(
            memberships.filter((groups) => groups !== 1),
            "tenant groups per invitee",
          )
          .toEqual([]);

        // What the run went through, for the log (and the report).
        const leftover = [...authentik.state.invitations.values()].filter((invitation) =>
          invitees.some(({ invite }) => invitation.name.startsWith(`castello-invite-${invite.id}-`)),
        );
        const retried = rows.filter((row) => (row.retryCount ?? 0) > 0);
        note(
          `${kills.length} kills (${kills.filter((k) => k.phase === "starting").length} while starting), ` +
            `${processes.length} processes, ${injected.length} faults, ${retried.length}/${rows.length} jobs retried ` +
            `(${rows.reduce((sum, row) => sum + (row.retryCount ?? 0), 0)} retries), ` +
            `${leftover.length} unused Authentik invitations left, ${catcher.resets()} SMTP sessions cut off, ` +
            `${redelivered} mails delivered again with their Message-ID`,
        );
        console.info(`chaos run\n${log.join("\n")}\nfaults: ${injected.join(", ")}`);
        expect(kills.length, "kills").toBeGreaterThanOrEqual(MIN_KILLS);
        // Everyone signed in with the account they had: each invite's enrollment invitation was
        // deleted, and no second one was made by a retried creation.
        expect
          .soft(
            leftover.map((invitation) => invitation.name),
            "enrollment invitations left",
          )
          .toEqual([]);
      } catch (error) {
        aborted = true;
        const rows = await outboxOfTenants();
        const summary = Object.entries(Object.groupBy(rows, (row) => `${row.queue} ${row.status}/${row.bossState}`)).map(
          ([key, same]) => `${key}: ${same!.length}`,
        );
        const mails = catcher.messages().length;
        console.error(
          `chaos run failed\n${log.join("\n")}\n--- ${mails} mails caught; outbox (queue outbox/pg-boss state: rows)\n` +
            `${summary.join("\n")}\n--- worker output (last lines)\n${workerOutput.slice(-40).join("\n")}`,
        );
        throw error;
      } finally {
        chaos = false;
        clearFaults();
        await Promise.allSettled([faulting, killing]);
        clearFaults();
      }
    },
  );
});
