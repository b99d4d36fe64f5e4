/**
 * `npm run bench` (issue 14): Castello at the size of a real service. Seeds bench/seed.ts's SIZES
 * into a throwaway database on DATABASE_URL's server (or an embedded Postgres), then prints one
 * line per figure, `bench <name> <value> <unit>`: each function beside the hand-written SQL that
 * answers the same question, and the ratio. BENCH_KEEP_DB=<name> keeps (and reuses) the database.
 * Runs with the react-server condition, so the server-only modules load as they do in Next.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase } from "../lib/db/connect";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { runMigrations } from "../lib/db/migrate";
import { requestLiveStatusRefresh } from "../lib/families/live-refresh";
import { listFamilyMembers, listPendingInvites, getFamilyOverview } from "../lib/families/queries";
import { expireInvites } from "../lib/invites/expiry";
import { createInvites } from "../lib/invites/service";
import { generateInviteToken } from "../lib/invites/tokens";
import { ensureQueues, startBoss } from "../lib/jobs/boss";
import { dispatchOutbox } from "../lib/jobs/dispatcher";
import { queueNames } from "../lib/jobs/queue";
import { jobsForSubjects, queueCounts, troubledJobs } from "../lib/jobs/status";
import { JOB_QUEUES } from "../lib/platform/jobs";
import { findInviteByToken } from "../lib/onboarding/queries";
import { provisioningStatus } from "../lib/onboarding/status";
import { searchEverything } from "../lib/support/search";
import { refreshTenantOverview } from "../lib/tenants/overview";
import { listTenantsWithCounts } from "../lib/tenants/queries";
import { BENCH_QUEUES, SIZES, seed, seedBossJobs } from "./bench/seed";
import { compare, line, percentile, timings } from "./bench/measure";
import "./bench/invite-list";

const RUNS = 60;
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "postgres", cluster: "integration" });
const server = new URL(process.env.DATABASE_URL ?? embedded!.url);
const name = process.env.BENCH_KEEP_DB ?? `castello_bench_${process.pid}`;
const adminUrl = new URL(server);
adminUrl.pathname = "/postgres";
const admin = postgres(adminUrl.href, { max: 1, onnotice: () => {} });
const url = new URL(server);
url.pathname = `/${name}`;
const reuse = Boolean(process.env.BENCH_KEEP_DB) && (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
if (!reuse) {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
}
const { db, close } = createDatabase(url.href, { max: 8 });
const boss = await startBoss({ databaseUrl: url.href, supervise: true, monitorIntervalSeconds: 1 });
const pick = <T>(rows: T[], run: number) => rows[(run * 7919) % rows.length]!;
/** Every queue, as the worker makes them: a kept database holds the previous run's invites' jobs. */
const queues = [...new Set([...BENCH_QUEUES, ...JOB_QUEUES.flatMap((registered) => queueNames(registered.queue))])];

try {
  await runMigrations(url.href);
  if (!reuse) {
    await ensureQueues(boss, queues);
    const started = performance.now();
    await seed(db);
    await seedBossJobs(db);
    await db.execute(sql`analyze`);
    console.log(`# seeded ${JSON.stringify(SIZES)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } else await ensureQueues(boss, queues);

  // The scheduled expiry (invites.expire) sweeps what the lazy one left pending.
  const sweep = await timings(1, () => expireInvites({}, { db }));
  line("invites-expire-sweep", sweep[0]!, "ms");
  await db.execute(sql`analyze invites`);
  // The minute job behind the dashboard's counts and health cells (Immich itself is not the subject here).
  const benchPhotos = { forTenant: () => ({ health: async () => ({ reachable: true, version: "v3.2.2" }) }) } as never;
  line("tenant-overview-refresh", (await timings(1, () => refreshTenantOverview({}, { db, photos: benchPhotos })))[0]!, "ms");
  // pg-boss's supervisor counts the queues (every second here, every minute by default).
  for (let wait = 0; wait < 60; wait += 1) {
    if ((await queueCounts(db)).countedAt) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }

  await compare(
    "dashboard",
    RUNS,
    () => Promise.all([listTenantsWithCounts(db), queueCounts(db), troubledJobs(db)]),
    () =>
      Promise.all([
        db.execute(sql`select t.*, c.families_count, c.active_members_count, c.pending_invites_count, c.photos_health, c.wiring,
            (select count(*) from tenant_drift d where d.tenant_id = t.id and d.resolved_at is null and d.ignored_at is null)
          from tenants t left join tenant_checks c on c.tenant_id = t.id order by t.slug`),
        db.execute(sql`select name, queued_count, active_count, failed_count, total_count from pgboss.queue`),
        db.execute(sql`select id from outbox_jobs where last_error is not null order by last_failed_at desc nulls last limit 50`),
      ]),
  );

  const families = (await db.execute(sql`select id from families tablesample system (1) repeatable (3) limit 200`)) as unknown as {
    id: number;
  }[];
  await compare(
    "family-page-data",
    RUNS,
    async (run) => {
      const familyId = pick(families, run).id;
      const [family, people, pending] = await Promise.all([
        getFamilyOverview(db, familyId),
        listFamilyMembers(db, familyId),
        listPendingInvites(db, familyId),
      ]);
      await Promise.all([
        requestLiveStatusRefresh(db, family!, people),
        jobsForSubjects(
          db,
          "member",
          people.map((member) => member.id),
          { open: true },
        ),
        jobsForSubjects(
          db,
          "invite",
          pending.map((invite) => invite.id),
          { open: true },
        ),
      ]);
    },
    async (run) => {
      const familyId = pick(families, run).id;
      await Promise.all([
        db.execute(sql`select f.*, t.display_name from families f join tenants t on t.id = f.tenant_id where f.id = ${familyId}`),
        db.execute(sql`select * from members where family_id = ${familyId} and status = 'active' order by joined_at, id`),
        db.execute(
          sql`select * from invites where family_id = ${familyId} and status = 'pending' and expires_at > now() order by expires_at`,
        ),
      ]);
      await db.execute(sql`select o.id, o.status, j.state from outbox_jobs o left join pgboss.job j on j.name = o.queue and j.id = o.id
        where o.subject_type = 'member' and o.subject_id in (select id::text from members where family_id = ${familyId}) and o.status <> 'completed'`);
    },
  );

  const people = (await db.execute(
    sql`select id, identity_sub as sub from members tablesample system (1) repeatable (5) limit 200`,
  )) as unknown as { id: number; sub: string }[];
  await compare(
    "onboarding-status",
    RUNS,
    (run) => provisioningStatus(db, pick(people, run).id, pick(people, run).sub, () => "http://localhost/photos"),
    async (run) => {
      const person = pick(people, run);
      await db.execute(sql`select m.*, f.name, f.sharing_mode, t.immich_url from members m join families f on f.id = m.family_id
        join tenants t on t.id = m.tenant_id where m.id = ${person.id} and m.identity_sub = ${person.sub}`);
      await db.execute(sql`select o.queue, coalesce(j.state::text, 'completed') from outbox_jobs o left join pgboss.job j on j.name = o.queue and j.id = o.id
        where o.subject_type = 'member' and o.subject_id = ${String(person.id)} order by o.created_at desc`);
    },
  );

  const tokens: string[] = [];
  for (const row of (await db.execute(sql`select id from invites tablesample system (1) repeatable (9) limit 200`)) as unknown as {
    id: number;
  }[]) {
    const { token, hash } = generateInviteToken();
    await db.execute(sql`update invites set token_hash = ${hash} where id = ${row.id}`);
    tokens.push(token);
  }
  await compare(
    "invite-lookup",
    RUNS,
    (run) => findInviteByToken(db, pick(tokens, run)),
    (run) =>
      db.execute(sql`select i.*, f.name, t.display_name, t.status, inv.display_name from invites i join families f on f.id = i.family_id
        join tenants t on t.id = i.tenant_id left join members inv on inv.id = i.invited_by_member_id
        where i.token_hash = encode(sha256(convert_to(${pick(tokens, run)}, 'UTF8')), 'hex')`),
  );

  // The dispatcher: a backlog of 20,000 jobs over three queues, drained as the worker does.
  await db.execute(sql`insert into outbox_jobs (queue, payload, dedupe_key, subject_type, subject_id)
    select (array['photos.provision-user','identity.add-member-to-group','mail.send-invite'])[1 + g % 3], '{}'::jsonb,
      'bench-dispatch:' || g || ':' || ${randomBytes(4).toString("hex")}, 'bench', g::text from generate_series(1, 20000) g`);
  const backlog = (
    (await db.execute(sql`select count(*)::int as n from outbox_jobs where status = 'pending'`)) as unknown as { n: number }[]
  )[0]!.n;
  const drainStarted = performance.now();
  while ((await dispatchOutbox(db, boss)) > 0);
  line("dispatcher-jobs-per-s", backlog / ((performance.now() - drainStarted) / 1000), "jobs/s");

  // createInvites, single-threaded: one address per call, each from a different family's owner.
  const owners = (await db.execute(sql`select m.family_id as "familyId", m.identity_sub as sub from members m
    where m.role = 'owner' and m.status = 'active' order by m.id desc limit 400`)) as unknown as { familyId: number; sub: string }[];
  const keyring = { current: randomBytes(32), previous: [] };
  const inviteTimes = await timings(owners.length, (run) =>
    createInvites(
      {
        actor: { type: "member", sub: owners[run]!.sub, label: "Bench" },
        input: {
          familyId: owners[run]!.familyId,
          emails: `bench-${run}-${randomBytes(3).toString("hex")}@example.eu`,
          role: "member",
          quotaBytes: 0,
        },
      },
      { db, keyring },
    ),
  );
  line("create-invites-per-s", owners.length / (inviteTimes.reduce((sum, time) => sum + time, 0) / 1000), "invites/s");
  line("create-invites-p95", percentile(inviteTimes, 0.95), "ms");

  // createInvites with a list of two addresses per call (writes are three statements however many).
  const listOwners = (await db.execute(sql`select m.family_id as "familyId", m.identity_sub as sub from members m
    where m.role = 'owner' and m.status = 'active' order by m.id asc limit 200`)) as unknown as { familyId: number; sub: string }[];
  const listTimes = await timings(listOwners.length, (run) =>
    createInvites(
      {
        actor: { type: "member", sub: listOwners[run]!.sub, label: "Bench" },
        input: {
          familyId: listOwners[run]!.familyId,
          emails: [1, 2].map((n) => `bench-${run}-${n}-${randomBytes(3).toString("hex")}@example.eu`).join(", "),
          role: "member",
          quotaBytes: 0,
        },
      },
      { db, keyring },
    ),
  );
  line(
    "create-invites-in-lists-of-2-per-s",
    (2 * listOwners.length) / (listTimes.reduce((sum, time) => sum + time, 0) / 1000),
    "invites/s",
  );

  const pieces = ["erso", "n12", "example", "ily 4", "vitee77"];
  await compare(
    "support-search",
    20,
    (run) => searchEverything(db, pick(pieces, run)),
    (run) => db.execute(sql`select id from members where email ilike ${`%${pick(pieces, run)}%`} limit 32`),
  );
} finally {
  await boss.stop({ graceful: false });
  await close();
  if (!process.env.BENCH_KEEP_DB) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
}
