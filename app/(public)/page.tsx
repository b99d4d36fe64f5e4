import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { signInWithAuthentik } from "@/app/actions/sign-in";
import { Button } from "@/components/ui/button";
import { landingPath } from "@/lib/auth/roles";
import { getViewer } from "@/lib/platform/viewer";

const SIGN_IN_ERRORS = ["Configuration", "AccessDenied", "Verification"] as const;

export default async function HomePage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const viewer = await getViewer();
  if (viewer) redirect(landingPath(viewer.areas));
  const [{ error }, t] = await Promise.all([searchParams, getTranslations("pages.home")]);
  const known = SIGN_IN_ERRORS.find((code) => code === error);
  return (
    <>
      <h1 className="text-3xl font-bold text-brand-700">{t("title")}</h1>
      <p className="text-stone-700">{t("tagline")}</p>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {known ? t(`errors.${known}`) : t("errors.other")}
        </p>
      ) : null}
      <form action={signInWithAuthentik}>
        <Button type="submit" className="w-full">
          {t("signIn")}
        </Button>
      </form>
    </>
  );
}
