import { auth } from "@/lib/auth/config";
import { getDb } from "@/lib/db/client";
import { provisioningStatus } from "@/lib/onboarding/status";

export const dynamic = "force-dynamic";

/** The signed-in invitee's own provisioning; another person's member id answers 404. */
export async function GET(request: Request) {
  const session = await auth();
  if (!session?.user?.sub) return Response.json({ error: "sign in first" }, { status: 401 });
  const memberId = Number(new URL(request.url).searchParams.get("member"));
  if (!Number.isSafeInteger(memberId) || memberId <= 0) return Response.json({ error: "member is required" }, { status: 400 });
  const status = await provisioningStatus(getDb(), memberId, session.user.sub);
  if (!status) return Response.json({ error: "not found" }, { status: 404 });
  return Response.json(status, { headers: { "cache-control": "no-store" } });
}
