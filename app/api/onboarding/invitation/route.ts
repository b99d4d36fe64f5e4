import { cookies } from "next/headers";
import { enrollmentUrl } from "@/lib/authentik/invitations";
import { getDb } from "@/lib/db/client";
import { authentikBaseUrl } from "@/lib/env-schema";
import { getEnv } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { ONBOARDING_COOKIE } from "@/lib/onboarding/cookie";
import { recordedAuthentikInvitation } from "@/lib/onboarding/queries";
import { enrollmentInvitation } from "@/lib/onboarding/service";
import { getAuthentik } from "@/lib/server/integrations";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** Polled by the preparing page: the enrollment URL once the Authentik invitation exists. */
export async function GET() {
  const token = (await cookies()).get(ONBOARDING_COOKIE)?.value;
  const recorded = token ? await recordedAuthentikInvitation(getDb(), token) : undefined;
  if (!token || recorded === undefined) return Response.json({ error: "This invitation is no longer valid." }, { status: 404, headers: noStore });
  if (recorded === null) return Response.json({ ready: false }, { headers: noStore });
  try {
    const invitation = await enrollmentInvitation(token, { db: getDb(), authentik: getAuthentik() });
    return Response.json(invitation ? { ready: true, url: enrollmentUrl(authentikBaseUrl(getEnv()), invitation) } : { ready: false }, { headers: noStore });
  } catch (error) {
    if (error instanceof DomainError) return Response.json({ error: error.message }, { status: 409, headers: noStore });
    return Response.json({ ready: false, waiting: "Authentik is not answering yet" }, { headers: noStore });
  }
}
