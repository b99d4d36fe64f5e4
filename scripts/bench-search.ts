/**
 * `npm run bench:search` (issue 11): the support search at the size of a real service.
 * Seeds 1,000,000 members, 250,000 families and 300,000 invites in a throwaway database on
 * DATABASE_URL's server (or an embedded Postgres), then times 200 random 3–8 character queries
 * through searchEverything (trigram GIN indexes) and the same queries as plain ILIKE queries (scans).
 * Prints `support-search p95_ms=<n> ilike_p95_ms=<n> speedup=<n>`.
 */
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createDatabase } from "../lib/db/connect";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { runMigrations } from "../lib/db/migrate";
import { searchEverything } from "../lib/support/search";

const QUERIES = 200;
const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ database: "postgres", cluster: "integration" });
const server = new URL(process.env.DATABASE_URL ?? embedded!.url);
const name = process.env.BENCH_KEEP_DB ?? `castello_bench_search_${process.pid}`;
const admin = postgres({ ...connection(server, "postgres"), max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${name}`);
await admin.unsafe(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;

function connection(base: URL, database: string) {
  const target = new URL(base);
  target.pathname = `/${database}`;
  return {
    host: target.hostname,
    port: Number(target.port || 5432),
    user: decodeURIComponent(target.username || "postgres"),
    password: decodeURIComponent(target.password),
    database,
  };
}

/** `count` pieces of 3–8 characters cut at random places from `texts`, by a seeded generator. */
function randomPieces(texts: string[], count: number): string[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => {
    const text = texts[i % texts.length]!;
    const length = 3 + Math.floor(next() * 6);
    const start = Math.floor(next() * Math.max(1, text.length - length + 1));
    return text
      .slice(start, start + length)
      .trim()
      .padEnd(3, "a");
  });
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

try {
  await runMigrations(url.href);
  const { db, close } = createDatabase(url.href, { max: 4 });
  const started = performance.now();
  // Names and addresses from syllables, so substrings repeat the way real names do.
  await db.execute(sql`
    create temporary table syllables as select unnest(array['ro','ssi','ma','ri','an','na','bi','an','chi','we','ber','mül','ler','du','pont','de','vries','jan','sen','lu','ca','gi','ul','ia','fer','ra','ne','ri','so','fi']) as s;
    insert into tenants (slug, display_name, immich_url, identity_group_name, seat_limit, default_family_storage_bytes)
      select 'bench-' || g, 'Bench ' || g, 'https://photos' || g || '.example.eu', 'castello-tenant-bench-' || g, 6, 100000000000 from generate_series(1, 20) g;
  `);
  await db.execute(sql`
    insert into families (tenant_id, name, storage_allowance_bytes)
      select (select min(id) from tenants) + (g % 20),
        initcap((array['ro','ma','bi','we','mül','du','de','jan','lu','gi','fer','ne','so'])[1 + g % 13] || (array['ssi','ri','an','chi','ber','ler','pont','vries','sen','ca','ul','ra','fi'])[1 + (g / 13) % 13] || (array['ni','na','to','lo','ke','va'])[1 + (g / 169) % 6]) || ' ' || g,
        100000000000
      from generate_series(1, 250000) g`);
  await db.execute(sql`
    insert into members (tenant_id, family_id, identity_sub, identity_username, email, display_name, role)
      select f.tenant_id, f.id, 'sub-' || g, 'user' || g,
        (array['anna','luca','giulia','marco','sofia','jan','eva','pierre','lena','tom'])[1 + g % 10] || '.' || lower(split_part(f.name, ' ', 1)) || g || '@example.eu',
        initcap((array['anna','luca','giulia','marco','sofia','jan','eva','pierre','lena','tom'])[1 + g % 10]) || ' ' || split_part(f.name, ' ', 1),
        case when g <= 250000 then 'owner'::family_role else 'member'::family_role end
      from generate_series(1, 1000000) g join families f on f.id = (select min(id) from families) + (g % 250000)`);
  await db.execute(sql`
    insert into invites (tenant_id, family_id, email, role, token_hash, expires_at)
      select f.tenant_id, f.id, 'invitee' || g || '.' || lower(split_part(f.name, ' ', 1)) || '@example.eu', 'member', 'bench-' || g, now() + interval '7 days'
      from generate_series(1, 300000) g join families f on f.id = (select min(id) from families) + (g % 250000)`);
  await db.execute(sql`analyze`);
  const seeded = performance.now() - started;

  // Queries: random 3–8 character pieces of real rows' addresses and names, as a support agent
  // types part of what a customer said (a seeded generator, so runs compare).
  const samples = (await db.execute(sql`
    (select lower(email) as s from members tablesample system (1) repeatable (7) limit 50)
    union all (select lower(display_name) from members tablesample system (1) repeatable (7) limit 50)
    union all (select lower(email) from invites tablesample system (1) repeatable (7) limit 50)
    union all (select lower(name) from families tablesample system (1) repeatable (7) limit 50)`)) as unknown as { s: string }[];
  const queries = randomPieces(
    samples.map((row) => row.s),
    QUERIES,
  );

  const indexed: number[] = [];
  for (const query of queries) {
    const t0 = performance.now();
    await searchEverything(db, query);
    indexed.push(performance.now() - t0);
  }
  // The baseline: the same three groups as plain ILIKE queries, which Postgres can only scan.
  const scanned: number[] = [];
  for (const query of queries) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const t0 = performance.now();
    await Promise.all([
      db.execute(sql`select identity_sub, display_name, email from members
        where email ilike ${pattern} or display_name ilike ${pattern} or identity_username ilike ${pattern} limit 32`),
      db.execute(sql`select id, name from families where name ilike ${pattern} limit 8`),
      db.execute(sql`select id, email from invites where email ilike ${pattern} limit 8`),
    ]);
    scanned.push(performance.now() - t0);
  }
  const fast = p95(indexed);
  const slow = p95(scanned);
  console.log(`# seeded 1,000,000 members, 250,000 families, 300,000 invites in ${(seeded / 1000).toFixed(0)} s; ${QUERIES} queries`);
  console.log(`support-search p95_ms=${fast.toFixed(1)} ilike_p95_ms=${slow.toFixed(1)} speedup=${(slow / fast).toFixed(0)}`);
  console.log(`bench support-search-p95 ${fast.toFixed(1)} ms`);
  console.log(`bench support-search-ilike-p95 ${slow.toFixed(1)} ms`);
  await close();
} finally {
  if (!process.env.BENCH_KEEP_DB) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await embedded?.stop();
}
