/**
 * `npm test`: typecheck, lint, the layering (dependency-cruiser), formatting (prettier), unit and integration tests (real Postgres), a production
 * build, and the Playwright e2e suite in Chromium. Ends with one line, `N passed, N failed`,
 * counting every test and check, and exits non-zero when anything failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
const bin = (name: string) => path.join("node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

function run(label: string, command: string, args: string[]): boolean {
  console.log(`\n▶ ${label}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env });
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  return ok;
}

function check(label: string, command: string, args: string[]): boolean {
  const ok = run(label, command, args);
  if (ok) tally.passed += 1;
  else tally.failed += 1;
  return ok;
}

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

rmSync("test-results", { recursive: true, force: true });

check("typecheck", bin("tsc"), ["--noEmit"]);
check("lint", bin("eslint"), ["--max-warnings", "0", "."]);
check("boundaries (dependency-cruiser)", "npm", ["run", "--silent", "lint:boundaries"]);
check("format (prettier)", bin("prettier"), ["--check", "."]);

const vitestOk = run("unit and integration tests", bin("vitest"), ["run"]);
const vitest = readJson<{ numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }>(
  "test-results/vitest.json",
);
if (vitest) {
  tally.passed += vitest.numPassedTests;
  tally.failed += vitest.numFailedTests;
  tally.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) tally.failed += 1; // failed before or outside any test

const built = check("production build", bin("next"), ["build"]);
if (built) {
  const e2eOk = run("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test"]);
  const e2e = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>("test-results/e2e.json");
  if (e2e) {
    tally.passed += e2e.stats.expected + e2e.stats.flaky;
    tally.failed += e2e.stats.unexpected;
    tally.skipped += e2e.stats.skipped;
  }
  if (!e2eOk && (!e2e || e2e.stats.unexpected === 0)) tally.failed += 1;
} else {
  console.log("✘ end-to-end tests not run: the build failed");
  tally.failed += 1;
}

console.log(`\n${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`);
process.exit(tally.failed > 0 ? 1 : 0);
