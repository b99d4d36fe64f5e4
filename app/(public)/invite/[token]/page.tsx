import type { Metadata } from "next";
import Link from "next/link";
import { LanguageSwitch } from "@/components/onboarding/language-switch";
import { Button } from "@/components/ui/button";
import { serverDeps } from "@/lib/platform/server";
import { fill, ONBOARDING_MESSAGES } from "@/lib/i18n/onboarding";
import { onboardingLocale } from "@/lib/onboarding/locale";
import { findInviteByToken } from "@/lib/onboarding/queries";
import { signInToAccept, startEnrollment } from "./actions";

export const metadata: Metadata = { title: "Invitation", robots: { index: false, follow: false }, referrer: "no-referrer" };

function Notice({ title, body, lang }: { title: string; body: string; lang: string }) {
  return (
    <main lang={lang} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-4 px-6">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-stone-700">{body}</p>
      <Link href="/" className="text-brand-700 underline">
        Castello
      </Link>
    </main>
  );
}

/**
 * The public landing of an invitation link. It never says whether an address has an
 * account; an unknown, used, revoked or expired link each get their own page.
 */
export default async function InvitePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ lang?: string }>;
}) {
  const { token } = await params;
  const { lang } = await searchParams;
  const invite = await findInviteByToken(serverDeps().db, token);
  const locale = await onboardingLocale(lang, invite?.locale);
  const t = ONBOARDING_MESSAGES[locale];
  if (!invite || invite.tenantStatus !== "active") return <Notice lang={locale} title={t.unknownTitle} body={t.unknownBody} />;
  if (invite.state === "expired") return <Notice lang={locale} title={t.expiredTitle} body={t.expiredBody} />;
  if (invite.state === "revoked") return <Notice lang={locale} title={t.revokedTitle} body={t.revokedBody} />;
  if (invite.state === "used") return <Notice lang={locale} title={t.usedTitle} body={t.usedBody} />;

  const vars = { family: invite.familyName, inviter: invite.inviterName ?? invite.familyName, service: invite.tenantName };
  const date = new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(
    invite.expiresAt,
  );
  return (
    <main lang={locale} className="mx-auto flex min-h-screen max-w-lg flex-col justify-center gap-6 px-6 py-10">
      <LanguageSwitch current={locale} label={t.language} basePath={`/invite/${token}`} />
      <h1 className="text-3xl font-bold text-brand-700">{fill(t.title, vars)}</h1>
      <p className="text-lg">{fill(t.invitedBy, vars)}</p>
      <p className="text-stone-700">{t.whatIsIt}</p>
      <section aria-labelledby="next-steps" className="rounded-lg bg-white p-5 ring-1 ring-stone-200">
        <h2 id="next-steps" className="mb-2 font-semibold">
          {t.whatHappens}
        </h2>
        <ol className="list-decimal space-y-1 pl-5 text-stone-800">
          <li>{t.stepAccount}</li>
          <li>{t.stepMfa}</li>
          <li>{t.stepPhotos}</li>
        </ol>
      </section>
      <p className="text-sm text-stone-600">
        {fill(t.invitedAs, { email: invite.email, role: t.roles[invite.role] ?? invite.role, date })}
      </p>
      <div className="flex flex-wrap gap-3">
        <form action={startEnrollment}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit">{t.create}</Button>
        </form>
        <form action={signInToAccept}>
          <input type="hidden" name="token" value={token} />
          <Button type="submit" variant="secondary">
            {t.haveAccount}
          </Button>
        </form>
      </div>
    </main>
  );
}
