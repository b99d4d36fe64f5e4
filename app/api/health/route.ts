import { getEnv } from "@/lib/env";
import { bearerMatches } from "@/lib/observability/bearer";
import { observeRoute } from "@/lib/observability/http";
import { healthReport } from "@/lib/platform/health";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

/**
 * The database, the queue, Authentik and each tenant's Immich, each within a few seconds.
 * 200 while the database answers (a system being down is `degraded` in its check), 503 when it
 * does not. With the metrics token, each tenant's server is listed by slug.
 */
export const GET = observeRoute("/api/health", async (request: Request) => {
  const token = getEnv().METRICS_TOKEN;
  const detailed = !!token && bearerMatches(request.headers.get("authorization"), token);
  const report = await healthReport(serverDeps(), { detailed });
  return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "cache-control": "no-store" } });
});
