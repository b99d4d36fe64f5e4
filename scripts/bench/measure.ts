/** Timing helpers for `npm run bench`: every figure is one line, `bench <name> <value> <unit>`. */

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
}

export async function timings(runs: number, body: (run: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await body(run);
    times.push(performance.now() - started);
  }
  return times;
}

export function line(name: string, value: number, unit: string): void {
  console.log(`bench ${name} ${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`);
}

/**
 * The project's function against the hand-written SQL that answers the same question, in the
 * same run, alternating so neither gets a warmer cache: p50 and p95 of each, and the ratio.
 */
export async function compare(
  name: string,
  runs: number,
  own: (run: number) => Promise<unknown>,
  raw: (run: number) => Promise<unknown>,
): Promise<void> {
  await own(0);
  await raw(0);
  const ownTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    ownTimes.push(...(await timings(1, () => own(run))));
    rawTimes.push(...(await timings(1, () => raw(run))));
  }
  line(`${name}-p50`, percentile(ownTimes, 0.5), "ms");
  line(`${name}-p95`, percentile(ownTimes, 0.95), "ms");
  line(`${name}-sql-p50`, percentile(rawTimes, 0.5), "ms");
  line(`${name}-sql-p95`, percentile(rawTimes, 0.95), "ms");
  line(`${name}-ratio`, percentile(ownTimes, 0.5) / percentile(rawTimes, 0.5), "x");
}
