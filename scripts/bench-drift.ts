/**
 * `npm run bench:drift` (issue 12): one drift run of a tenant with 10,000 members, against the
 * fake Authentik and the fake Immich over HTTP, through the product's adapters. 1% of the members
 * are missing from the group, 1% have another quota in Immich, and 20 strays sit in the group.
 * Prints `bench drift-run-10k <ms> ms` and the findings, in a throwaway database on DATABASE_URL's
 * server (or an embedded Postgres).
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { keyringFromEnv } from "../lib/crypto/keyring";
import { createDatabase } from "../lib/db/connect";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { runMigrations } from "../lib/db/migrate";
import { createAuthentikIdentity } from "../lib/identity/authentik/adapter";
import { createImmichPhotos } from "../lib/photos/immich/adapter";
import { unsealTenantApiKey } from "../lib/tenants/connection";
import { checkTenantDrift } from "../lib/tenants/drift-jobs";
import { registerTenant } from "../lib/tenants/service";
import { systemActor } from "../lib/audit/actor";
import { ApiState, authentikApiRoutes } from "../sandbox/authentik/api";
import { Directory } from "../sandbox/authentik/directory";
import { startFakeAuthentik } from "../sandbox/authentik/server";
import { startFakeImmich } from "../sandbox/immich/server";

const MEMBERS = 10_000;
const TOKEN = "bench-token";
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "postgres", cluster: "integration" });
const server = new URL(process.env.DATABASE_URL ?? embedded!.url);
const name = `castello_bench_drift_${process.pid}`;
const adminUrl = new URL(server);
adminUrl.pathname = "/postgres";
const admin = postgres(adminUrl.href, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${name}`);
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

const directory = new Directory();
const state = new ApiState({ directory });
const authentik = await startFakeAuthentik({ directory, applications: [], routes: [authentikApiRoutes({ token: TOKEN, state })] });
const immich = await startFakeImmich();
const keyring = keyringFromEnv({ CASTELLO_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") });
const identity = createAuthentikIdentity({ url: authentik.url, token: TOKEN, timeoutMs: 30_000 });
const photos = createImmichPhotos({ unsealApiKey: (tenant) => unsealTenantApiKey(tenant, keyring), timeoutMs: 30_000 });

try {
  await runMigrations(url.href);
  const { db, close } = createDatabase(url.href, { max: 4 });
  const { tenant } = await registerTenant(
    {
      actor: systemActor("bench"),
      input: {
        slug: "bench",
        displayName: "Bench",
        immichUrl: immich.url,
        immichApiKey: immich.adminApiKey,
        defaultFamilyStorageGb: 10 ** 12,
        seatLimit: 6,
      },
    },
    { db, keyring, photos },
  );
  const group = directory.createGroup({ name: tenant.identityGroupName });
  await db.execute(sql`update tenants set identity_group_id = ${group.pk} where id = ${tenant.id}`);
  await db.execute(sql`
    insert into families (tenant_id, name, storage_allowance_bytes)
      select ${tenant.id}, 'Family ' || g, 100000000000 from generate_series(1, ${MEMBERS / 4}) g`);
  const rows: { id: number; email: string }[] = [];
  const values = [];
  for (let i = 0; i < MEMBERS; i += 1) {
    const email = `member${i}@bench.example`;
    const user = directory.createUser({ username: `member${i}`, name: `Member ${i}`, email, path: "users" });
    if (i % 100 !== 0) user.groupIds.add(group.pk);
    const photosUser = immich.store.insertUser({ email, name: `Member ${i}`, quotaSizeInBytes: i % 100 === 1 ? 1 : 5_000_000_000 });
    values.push(sql`(${String(user.pk)}, ${user.uid}, ${email}, ${photosUser.id}, ${i})`);
    rows.push({ id: i, email });
  }
  for (let i = 0; i < 20; i += 1) {
    directory
      .createUser({ username: `stray${i}`, name: `Stray ${i}`, email: `stray${i}@bench.example`, path: "users" })
      .groupIds.add(group.pk);
  }
  await db.execute(sql`
    insert into members (tenant_id, family_id, identity_account_id, identity_sub, email, display_name, role, quota_bytes, immich_user_id, joined_at)
      select ${tenant.id}, (select min(id) from families) + (v.i::int / 4), v.account, v.sub, v.email, 'Member ' || v.i,
        case when v.i::int % 4 = 0 then 'owner'::family_role else 'member'::family_role end, 5000000000, v.immich, now() - interval '1 day'
      from (values ${sql.join(values, sql`, `)}) as v(account, sub, email, immich, i)`);

  const context = { db, keyring, identity, photos };
  const started = performance.now();
  const result = await checkTenantDrift({ tenantId: tenant.id }, context);
  const elapsed = performance.now() - started;
  const [counts] = await db.execute<{ kinds: string }>(sql`
    select string_agg(kind || '=' || n, ' ') as kinds from (select kind, count(*) n from tenant_drift where tenant_id = ${tenant.id} group by kind order by kind) k`);
  console.log(`bench drift-run-10k ${elapsed.toFixed(0)} ms`);
  console.log(`bench drift-run-10k-findings ${(result as { findings?: number }).findings ?? 0} rows (${counts?.kinds ?? ""})`);
  await close();
} finally {
  await authentik.close();
  await immich.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
}
