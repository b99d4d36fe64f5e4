import { cookies } from "next/headers";
import { DomainError } from "@/lib/errors";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { recordedIdentityInvitation } from "@/lib/onboarding/queries";
import { enrollmentInvitation } from "@/lib/onboarding/service";
import { observeRoute } from "@/lib/observability/http";
import { serverDeps } from "@/lib/platform/server";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/**
 * Posted by the preparing page until the enrollment invitation exists: then it answers the
 * enrollment URL (errors are codes: the page words them). A POST, since finding the invitation consumed may queue its re-creation.
 */
export const POST = observeRoute("/api/onboarding/invitation", async () => {
  const token = (await cookies()).get(ONBOARDING_COOKIE)?.value;
  const deps = serverDeps();
  const recorded = token ? await recordedIdentityInvitation(deps.db, token) : undefined;
  if (!token || recorded === undefined) return Response.json({ error: "invitation_invalid" }, { status: 404, headers: noStore });
  if (recorded === null) return Response.json({ ready: false }, { headers: noStore });
  try {
    const invitation = await enrollmentInvitation(token, deps);
    return Response.json(invitation ? { ready: true, url: deps.identity.enrollmentUrl(invitation) } : { ready: false }, {
      headers: noStore,
    });
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: error.text.key }, { status: 409, headers: noStore });
    return Response.json({ ready: false, waiting: "identity_provider" }, { headers: noStore });
  }
});
