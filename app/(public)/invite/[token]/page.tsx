import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { signInWithAuthentik } from "@/app/actions/sign-in";
import { Button } from "@/components/ui/button";
import { serverDeps } from "@/lib/platform/server";
import { findInviteByToken } from "@/lib/onboarding/queries";
import { signInToAccept, startEnrollment } from "./actions";

export async function generateMetadata() {
  const t = await getTranslations("onboarding");
  return { title: t("metaTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" as const };
}

/** A link that cannot be used: why, and the way in for someone who already has an account. */
function Notice({ title, body, home, signIn }: { title: string; body: string; home: string; signIn: string }) {
  return (
    <>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-stone-700">{body}</p>
      <div className="flex flex-wrap items-center gap-4">
        <form action={signInWithAuthentik}>
          <Button type="submit">{signIn}</Button>
        </form>
        <Link href="/" className="text-brand-700 underline">
          {home}
        </Link>
      </div>
    </>
  );
}

/**
 * The public landing of an invitation link. It never says whether an address has an
 * account; an unknown, used, revoked or expired link each get their own page. The
 * language switch (in the layout) works before sign-in.
 */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, t, tp] = await Promise.all([
    findInviteByToken(serverDeps().db, token),
    getTranslations("onboarding"),
    getTranslations("pages.home"),
  ]);
  const home = t("goHome");
  const signIn = tp("signIn");
  if (!invite || invite.tenantStatus !== "active")
    return <Notice title={t("unknownTitle")} body={t("unknownBody")} home={home} signIn={signIn} />;
  if (invite.state === "expired") return <Notice title={t("expiredTitle")} body={t("expiredBody")} home={home} signIn={signIn} />;
  if (invite.state === "revoked") return <Notice title={t("revokedTitle")} body={t("revokedBody")} home={home} signIn={signIn} />;
  if (invite.state === "used") return <Notice title={t("usedTitle")} body={t("usedBody")} home={home} signIn={signIn} />;

  const vars = { family: invite.familyName, inviter: invite.inviterName ?? invite.familyName, service: invite.tenantName };
  return (
    <>
      <h1 className="text-3xl font-bold text-brand-700">{t("title", vars)}</h1>
      <p className="text-lg">{t("invitedBy", vars)}</p>
      <p className="text-stone-700">{t("whatIsIt")}</p>
      <section aria-labelledby="next-steps" className="rounded-lg bg-white p-5 ring-1 ring-stone-200">
        <h2 id="next-steps" className="mb-2 font-semibold">
          {t("whatHappens")}
        </h2>
        <ol className="list-decimal space-y-1 pl-5 text-stone-800">
          <li>{t("stepAccount")}</li>
          <li>{t("stepMfa")}</li>
          <li>{t("stepPhotos")}</li>
        </ol>
      </section>
      <p className="text-sm text-stone-700">{t("invitedAs", { email: invite.email, role: invite.role, date: invite.expiresAt })}</p>
      <div className="flex flex-wrap gap-3">
        <form action={startEnrollment}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit">{t("create")}</Button>
        </form>
        <form action={signInToAccept}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit" variant="secondary">
            {t("haveAccount")}
          </Button>
        </form>
      </div>
    </>
  );
}
