import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { MfaCell, UsageCell } from "@/components/family/live-cells";
import { Card } from "@/components/ui/card";
import { FAMILY_RESTORE_DAYS } from "@/lib/families/closing";
import { hasMfa, storageUsage } from "@/lib/families/live-status";
import { listAccountMemberships } from "@/lib/membership/account";
import { serverDeps } from "@/lib/platform/server";
import { requireViewer } from "@/lib/platform/viewer";
import { supportViewsOf } from "@/lib/support/person";

export async function generateMetadata() {
  return { title: (await getTranslations("account"))("metaTitle") };
}

/**
 * The signed-in person's own page: who they are, their sign-in security (MFA, and the way to
 * Authentik's own settings), and each family they are in with their storage and photos.
 */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ closed?: string }> }) {
  const viewer = await requireViewer();
  const deps = serverDeps();
  const { closed } = await searchParams;
  const [memberships, supportLooks, t, tc, tj, format] = await Promise.all([
    listAccountMemberships(deps.db, viewer.sub),
    supportViewsOf(deps.db, viewer.sub),
    getTranslations("account"),
    getTranslations("common"),
    getTranslations(),
    getFormatter(),
  ]);
  const accountId = memberships.find((membership) => membership.identityAccountId)?.identityAccountId;
  // Started now, awaited by the streamed cells: one MFA call, one usage call per tenant.
  const mfa = accountId ? hasMfa(deps.identity, accountId) : null;
  const usage = new Map(
    [...new Set(memberships.map((membership) => membership.tenantId))].map((tenantId) => [
      tenantId,
      storageUsage(deps.db, deps.photos, tenantId),
    ]),
  );
  return (
    <>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {closed ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-800">
          {tj("family.close.done", { days: FAMILY_RESTORE_DAYS })}
        </p>
      ) : null}
      <Card title={t("identity")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("name")}</dt>
          <dd>{viewer.name}</dd>
          <dt className="font-medium">{t("email")}</dt>
          <dd className="break-all">{viewer.email}</dd>
          <dt className="font-medium">{t("mfa")}</dt>
          <dd>
            <Suspense fallback={<span className="text-stone-600">{tj("family.members.checking")}</span>}>
              <MfaCell mfa={mfa} />
            </Suspense>
          </dd>
        </dl>
        <p className="mt-4 text-sm">
          <a href={deps.identity.accountSettingsUrl()} className="text-brand-700 underline">
            {t("manageSecurity")}
          </a>
        </p>
        <p className="text-xs text-stone-600">{t("manageSecurityHint")}</p>
      </Card>
      <Card title={t("families")}>
        {memberships.length === 0 ? (
          <p className="text-stone-700">{t("noFamily")}</p>
        ) : (
          <ul className="divide-y divide-stone-100" aria-label={t("families")}>
            {memberships.map((membership) => (
              <li
                key={membership.memberId}
                className="grid gap-3 py-3 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,1.5fr)_auto] sm:items-center"
              >
                <div className="min-w-0">
                  <Link href={`/family/${membership.familyId}`} className="font-medium break-words text-brand-700 underline">
                    {membership.familyName}
                  </Link>
                  <div className="text-stone-600">
                    {t("familyLine", { tenant: membership.tenantName, role: tc(`roles.${membership.role}`) })}
                  </div>
                </div>
                <Suspense fallback={<span className="text-stone-600">{tj("family.members.loading")}</span>}>
                  <UsageCell
                    usage={usage.get(membership.tenantId)!}
                    immichUserId={membership.immichUserId}
                    quotaBytes={membership.quotaBytes}
                    name={viewer.name}
                  />
                </Suspense>
                {membership.immichUserId ? (
                  <a
                    href={deps.photos.loginUrl(membership)}
                    className="justify-self-start rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
                  >
                    {tj("onboarding.openPhotos")}
                    {/* Says which family's photos, and keeps the visible words at the start of the name (WCAG 2.5.3). */}
                    <span className="sr-only"> ({membership.familyName})</span>
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("support.title")}>
        <p className="text-sm text-stone-700">{t("support.explanation")}</p>
        {supportLooks.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{t("support.none")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-100 text-sm" aria-label={t("support.title")}>
            {supportLooks.map((look) => (
              <li key={look.id} className="py-2">
                <time dateTime={look.at.toISOString()} className="text-stone-500">
                  {format.dateTime(look.at, "timestamp")}
                </time>{" "}
                {t("support.line", { action: look.action.replaceAll(".", "_"), reason: look.reason ?? "" })}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
