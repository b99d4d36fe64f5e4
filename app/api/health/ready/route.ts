import { observeRoute } from "@/lib/observability/http";
import { checkMigrations } from "@/lib/platform/health";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

/** Readiness: the database answers and every committed migration is applied (200), else 503. */
export const GET = observeRoute("/api/health/ready", async () => {
  const database = await checkMigrations(serverDeps().db);
  return Response.json(
    { status: database.ok ? "ok" : "unavailable", checks: { database } },
    { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
