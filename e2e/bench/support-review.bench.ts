/**
 * `npm run bench:review` (issue 11): the account review's server time against its slowest
 * upstream call. Authentik and Immich are each slowed by an injected delay; the page starts
 * every upstream call at once and streams, so it should take about as long as the slowest one.
 * Prints `bench support-review-server-p50 <ms> ms`, the slowest upstream call's p50 and the ratio.
 */
import { clearFaults, injectFault } from "../support/sandbox-control";
import { E2E_AUTHENTIK_URL, E2E_IMMICH_URL } from "../support/ports";
import { expect, signIn, test } from "../support/fixtures";
import { SANDBOX_API_TOKEN } from "../../sandbox/start";

const AUTHENTIK_DELAY_MS = 300;
const IMMICH_DELAY_MS = 500;
const RUNS = 15;
const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

test("the account review takes about as long as its slowest upstream call", async ({ page, createPerson, seedFamily }) => {
  const owner = await createPerson({ devices: [{ kind: "totp", name: "Phone" }] });
  await seedFamily(owner);
  await signIn(page, await createPerson({ groups: ["castello-support"] }));
  const path = `/support/people/${owner.uid}`;
  await page.goto(path);
  await page.getByLabel("Reason").fill("Benchmark run: review page timing");
  await page.getByRole("button", { name: "Open the account" }).click();
  await expect(page.getByText("Phone")).toBeVisible({ timeout: 30_000 });

  await injectFault("authentik", { path: "/api/v3/", fault: { kind: "delay", ms: AUTHENTIK_DELAY_MS } });
  await injectFault("immich", { path: "/api/", fault: { kind: "delay", ms: IMMICH_DELAY_MS } });
  try {
    // The page in full, streamed parts included: the response ends when the last one is sent.
    const server: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      server.push(
        await page.evaluate(async (url) => {
          const started = performance.now();
          const html = await (await fetch(url)).text();
          if (!html.includes("Phone")) throw new Error("the review did not stream its MFA part");
          return performance.now() - started;
        }, path),
      );
    }
    // The slowest single upstream call the page makes, on its own, with the same delays.
    const upstream: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await Promise.all([
        fetch(`${E2E_AUTHENTIK_URL}/api/v3/core/users/${owner.pk}/`, { headers: { authorization: `Bearer ${SANDBOX_API_TOKEN}` } }),
        fetch(`${E2E_IMMICH_URL}/api/server/ping`),
      ]);
      upstream.push(performance.now() - started);
    }
    const page50 = p50(server);
    const slowest50 = p50(upstream);
    console.log(`bench support-review-server-p50 ${page50.toFixed(0)} ms`);
    console.log(`bench support-review-slowest-upstream-p50 ${slowest50.toFixed(0)} ms`);
    console.log(`bench support-review-ratio ${(page50 / slowest50).toFixed(2)} x`);
  } finally {
    await clearFaults("authentik");
    await clearFaults("immich");
  }
});
