import { signIn } from "@/lib/auth/config";

/** Back from Authentik's enrollment, the invitee signs in to Castello (Authentik's session makes this silent). */
export async function GET() {
  await signIn("authentik", { redirectTo: "/onboarding/complete" });
}
