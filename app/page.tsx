import { redirect } from "next/navigation";
import { signInWithAuthentik } from "@/app/actions/sign-in";
import { Button } from "@/components/ui/button";
import { landingPath } from "@/lib/auth/roles";
import { getViewer } from "@/lib/platform/viewer";

const SIGN_IN_ERRORS: Record<string, string> = {
  Configuration: "Sign-in is not configured correctly. Please tell the service's operators.",
  AccessDenied: "The identity provider refused the sign-in.",
  Verification: "The sign-in link is no longer valid.",
};

export default async function HomePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(landingPath(viewer.areas));
  const { error } = await searchParams;
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-6 px-6">
      <h1 className="text-3xl font-bold text-brand-700">Castello</h1>
      <p className="text-stone-700">Your family&apos;s private photo service: manage who shares your photos, safely.</p>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {SIGN_IN_ERRORS[error] ?? "Sign-in did not complete. Please try again."}
        </p>
      ) : null}
      <form action={signInWithAuthentik}>
        <Button type="submit" className="w-full">
          Sign in
        </Button>
      </form>
    </main>
  );
}
