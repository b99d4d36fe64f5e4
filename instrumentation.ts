import type { Instrumentation } from "next";

/**
 * Runs once when the server starts, before it serves: checks every setting, starts logging
 * and tracing (OTEL_EXPORTER_OTLP_ENDPOINT), starts the embedded Postgres when DATABASE_URL is
 * unset, and applies migrations. A bad setting stops the start with a message naming it.
 * `next build` does not run this.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/platform/boot");
  await boot();
}

/** Errors Next.js caught while rendering or running a route or action: logged by kind and route, never the query string. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === "edge") return;
  const [{ logger }, { describeError }, { requestIdFrom, REQUEST_ID_HEADER }] = await Promise.all([
    import("./lib/observability/logger"),
    import("./lib/observability/errors"),
    import("./lib/observability/request-id"),
  ]);
  const incoming = request.headers[REQUEST_ID_HEADER];
  logger("next").error("request failed", {
    requestId: typeof incoming === "string" ? requestIdFrom(incoming) : undefined,
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
    error: describeError(error),
  });
};
