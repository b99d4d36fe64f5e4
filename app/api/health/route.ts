import { sql } from "drizzle-orm";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

async function checkDatabase(): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
  const started = performance.now();
  try {
    await serverDeps().db.execute(sql`select 1`);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, error: "database unreachable" };
  }
}

export async function GET() {
  const database = await checkDatabase();
  const ok = database.ok;
  return Response.json(
    { status: ok ? "ok" : "degraded", checks: { database } },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
