// Health probe of Castello's container image (the slim image has no curl). Exit code 0 = healthy.
//   node deploy/docker/healthcheck.mjs web [path]   GET http://127.0.0.1:$PORT<path>, default /api/health/live
//   node deploy/docker/healthcheck.mjs worker       the worker's database answers (DATABASE_URL)
const [mode = "web", path = "/api/health/live"] = process.argv.slice(2);
const TIMEOUT_MS = 4000;

async function web() {
  const port = process.env.PORT || "3000";
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

async function worker() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  const { default: postgres } = await import("postgres");
  const sql = postgres(process.env.DATABASE_URL, { max: 1, connect_timeout: TIMEOUT_MS / 1000, onnotice: () => {} });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const checks = { web, worker };
if (!(mode in checks)) {
  console.error(`unknown mode ${mode}: web or worker`);
  process.exit(2);
}
checks[mode]().then(
  () => process.exit(0),
  (error) => {
    console.error(`unhealthy: ${error.message}`);
    process.exit(1);
  },
);
