export const dynamic = "force-dynamic";

/** Liveness: the process answers. Touches nothing else, so a slow dependency never gets it restarted. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
