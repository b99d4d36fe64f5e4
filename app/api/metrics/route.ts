import { getEnv } from "@/lib/env";
import { bearerMatches } from "@/lib/observability/bearer";
import { scrapeMetrics } from "@/lib/platform/metrics";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

/** Prometheus metrics behind `Authorization: Bearer <METRICS_TOKEN>`; without the setting the route does not exist (404). */
export async function GET(request: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return new Response("Not Found", { status: 404 });
  if (!bearerMatches(request.headers.get("authorization"), token))
    return new Response("Unauthorized", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const { contentType, body } = await scrapeMetrics(serverDeps().db);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
}
