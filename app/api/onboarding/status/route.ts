import { auth } from "@/lib/auth/config";
import { parseId } from "@/lib/ids";
import { provisioningStatus } from "@/lib/onboarding/status";
import { observeRoute } from "@/lib/observability/http";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

/** The signed-in invitee's own provisioning; another person's member id answers 404. */
export const GET = observeRoute("/api/onboarding/status", async (request: Request) => {
  const session = await auth();
  if (!session?.user?.sub) return Response.json({ error: "sign in first" }, { status: 401 });
  const raw = new URL(request.url).searchParams.get("member");
  if (!raw) return Response.json({ error: "member is required" }, { status: 400 });
  const memberId = parseId(raw);
  const deps = serverDeps();
  const status = memberId ? await provisioningStatus(deps.db, memberId, session.user.sub, deps.photos.loginUrl) : undefined;
  if (!status) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(status, { headers: { "cache-control": "no-store" } });
});
