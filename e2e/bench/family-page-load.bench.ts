/**
 * `npm run bench` (its server part; issue 14): the family page under load on the production
 * build, beside an empty route as the baseline, then a soak with Authentik and Immich slowed
 * down. autocannon runs on loopback in this process, on the same two cores as the server.
 * Prints `bench family-page-load-*` and `bench empty-route-load-*` lines (req/s, p50, p95,
 * errors), the same under the slowdown, and how long the queue takes to catch up after it.
 */
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { clearFaults, injectFault } from "../support/sandbox-control";
import { E2E_APP_URL } from "../support/ports";
import { expect, signIn, test } from "../support/fixtures";

const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);

async function load(name: string, path: string, cookie: string): Promise<void> {
  const result = await autocannon({
    url: `${E2E_APP_URL}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { cookie },
    timeout: 10,
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(`bench ${name}-req-per-s ${result.requests.average.toFixed(0)} req/s`);
  console.log(`bench ${name}-p50 ${result.latency.p50} ms`);
  console.log(`bench ${name}-p97_5 ${result.latency.p97_5} ms`);
  console.log(`bench ${name}-p99 ${result.latency.p99} ms`);
  console.log(`bench ${name}-errors ${errors} requests`);
}

test("the family page under load, and while Authentik and Immich are slow", async ({ page, createPerson, seedFamily, db }) => {
  test.setTimeout((SECONDS * 3 + 240) * 1000);
  const owner = await createPerson({ devices: [{ kind: "totp", name: "Phone" }] });
  const { familyId } = await seedFamily(owner);
  await signIn(page, owner);
  await page.goto(`/family/${familyId}`);
  await expect(page.getByText("MFA on")).toBeVisible({ timeout: 30_000 });
  const cookie = (await page.context().cookies()).map((entry) => `${entry.name}=${entry.value}`).join("; ");

  await load("empty-route-load", "/api/health/live", cookie);
  await load("family-page-load", `/family/${familyId}`, cookie);

  // The soak: every Authentik and Immich call takes 2 s. Pages read Postgres, so they do not wait.
  const since = ((await db.execute(sql`select now() as since`)) as unknown as { since: Date }[])[0]!.since;
  await injectFault("authentik", { path: "/api/v3/", fault: { kind: "delay", ms: 2000 } });
  await injectFault("immich", { path: "/api/", fault: { kind: "delay", ms: 2000 } });
  try {
    await db.execute(sql`update members set live_checked_at = null where family_id = ${familyId}`);
    await load("family-page-soak", `/family/${familyId}`, cookie);
  } finally {
    await clearFaults("authentik");
    await clearFaults("immich");
  }
  const started = performance.now();
  await expect
    .poll(
      async () => {
        const [row] = (await db.execute(
          sql`select count(*)::int as n from outbox_jobs where status in ('pending', 'dispatched') and created_at >= ${since}`,
        )) as unknown as { n: number }[];
        return row!.n;
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe(0);
  console.log(`bench queue-catch-up-after-soak ${((performance.now() - started) / 1000).toFixed(1)} s`);
});
