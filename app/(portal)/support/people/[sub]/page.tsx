import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { IdentityPanel, MfaPanel, PhotosPanel } from "@/components/support/account-panels";
import { HistoryList } from "@/components/support/history-list";
import { OpenReviewForm } from "@/components/support/open-review-form";
import { ReasonActionForm } from "@/components/support/reason-action-form";
import { RevealLinkForm } from "@/components/support/reveal-link-form";
import { OpenJobsList } from "@/components/support/open-jobs-list";
import { Card } from "@/components/ui/card";
import { queueLabel } from "@/lib/platform/jobs";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { subField } from "@/lib/support/input";
import { pendingRecoveryLinks, personRecord, reviewIsOpen } from "@/lib/support/person";
import { identityReview, photosReview } from "@/lib/support/upstream";
import {
  openReviewAction,
  reactivatePersonAction,
  recoveryEmailAction,
  recoveryLinkAction,
  resendInviteAction,
  resetMfaAction,
  restoreFamilyAction,
  restorePhotosAction,
  revealLinkAction,
  revokeInviteAction,
  suspendPersonAction,
} from "../../actions";

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return "";
  }
}

export async function generateMetadata() {
  return { title: (await getTranslations("support.review"))("metaTitle") };
}

/**
 * Support's review of one person, across every family and tenant: Castello's own records at
 * once, the identity provider's and each photo server's parts streamed in as they answer.
 * Opening it asks for a reason first; the reason is audited and the person can see it.
 */
export default async function PersonReviewPage({ params }: { params: Promise<{ sub: string }> }) {
  const viewer = await requireArea("support");
  const parsed = subField().safeParse(safeDecode((await params).sub));
  if (!parsed.success) notFound();
  const sub = parsed.data;
  const deps = serverDeps();
  const [record, open, t, tj, format] = await Promise.all([
    personRecord(deps.db, sub),
    reviewIsOpen(deps.db, viewer.sub, { type: "person", id: sub }),
    getTranslations("support.review"),
    getTranslations(),
    getFormatter(),
  ]);
  if (!record) notFound();

  if (!open) {
    return (
      <>
        <h1 className="text-2xl font-bold break-words">{t("gateTitle", { name: record.name })}</h1>
        <Card title={t("gateCard")}>
          <OpenReviewForm action={openReviewAction} fields={{ sub }} explanation={t("gateExplanation")} />
        </Card>
      </>
    );
  }

  // Every upstream call starts now, in parallel; each section streams in when its answer comes.
  const identity = record.identityAccountId ? identityReview(deps.identity, record.identityAccountId, record.identityUsername) : null;
  const photos = new Map(
    record.memberships
      .filter((membership) => membership.immichUserId)
      .map((membership) => [membership.memberId, photosReview(deps.photos, membership, membership.immichUserId!)]),
  );
  const links = await pendingRecoveryLinks(deps.db, viewer.sub, sub);
  const when = (date: Date | null) => (date ? format.dateTime(date, "timestamp") : "—");
  const pending = record.jobs.some((job) => job.state !== "failed") || links.some((link) => !link.readyAt);

  return (
    <>
      <AutoRefresh active={pending} />
      <div>
        <p className="text-sm">
          <Link href="/support" className="text-brand-700 underline">
            {t("back")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold break-words">{record.name}</h1>
        <p className="text-sm break-all text-stone-600">{record.email}</p>
        {record.suspension ? (
          <p className="mt-2 rounded-md bg-red-50 p-3 text-sm text-red-800">
            {t("suspendedSince", { date: when(record.suspension.createdAt), reason: record.suspension.reason })}
          </p>
        ) : null}
      </div>

      <Card title={t("identity")}>
        {identity ? (
          <Suspense fallback={<p className="text-sm text-stone-600">{t("identityLoading")}</p>}>
            <IdentityPanel account={identity.account} />
          </Suspense>
        ) : (
          <p className="text-sm text-stone-700">{t("noAccountYet")}</p>
        )}
        {record.identityAccountId ? (
          <div className="mt-4 flex flex-wrap gap-2">
            <ReasonActionForm
              action={recoveryEmailAction}
              fields={{ sub }}
              label={t("recoveryEmail")}
              title={t("recoveryEmailTitle")}
              explanation={t("recoveryEmailExplanation", { email: record.email })}
              confirmLabel={t("recoveryEmail")}
            />
            <ReasonActionForm
              action={recoveryLinkAction}
              fields={{ sub }}
              label={t("recoveryLink")}
              title={t("recoveryLinkTitle")}
              explanation={t("recoveryLinkExplanation")}
              confirmLabel={t("recoveryLink")}
            />
            {record.suspension ? (
              <ReasonActionForm
                action={reactivatePersonAction}
                fields={{ sub }}
                label={t("reactivate")}
                title={t("reactivateTitle", { name: record.name })}
                explanation={t("reactivateExplanation")}
                confirmLabel={t("reactivate")}
                variant="primary"
              />
            ) : (
              <ReasonActionForm
                action={suspendPersonAction}
                fields={{ sub }}
                label={t("suspend")}
                title={t("suspendTitle", { name: record.name })}
                explanation={t("suspendExplanation")}
                confirmLabel={t("suspend")}
              />
            )}
          </div>
        ) : null}
        {links.length > 0 ? (
          <ul className="mt-4 space-y-2 text-sm" aria-label={t("recoveryLinks")}>
            {links.map((link) => (
              <li key={link.id} className="flex flex-wrap items-center gap-2">
                {link.readyAt ? (
                  <>
                    <span>{t("linkReady", { date: when(link.readyAt) })}</span>
                    <RevealLinkForm action={revealLinkAction} sub={sub} linkId={link.id} />
                  </>
                ) : (
                  <span className="text-amber-800">{t("linkPending")}</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </Card>

      <Card title={t("mfa")}>
        {identity ? (
          <Suspense fallback={<p className="text-sm text-stone-600">{t("identityLoading")}</p>}>
            <MfaPanel devices={identity.devices} sub={sub} resetAction={resetMfaAction} />
          </Suspense>
        ) : (
          <p className="text-sm text-stone-700">{t("noAccountYet")}</p>
        )}
      </Card>

      <Card title={t("families")}>
        <ul className="divide-y divide-stone-100 text-sm" aria-label={t("families")}>
          {record.memberships.map((membership) => (
            <li key={membership.memberId} className="grid gap-2 py-3 sm:grid-cols-2">
              <div className="min-w-0">
                <Link href={`/support/families/${membership.familyId}`} className="font-medium break-words text-brand-700 underline">
                  {membership.familyName}
                </Link>
                <p className="text-stone-600">
                  {t("membershipLine", {
                    tenant: membership.tenantName,
                    role: tj(`common.roles.${membership.role}`),
                    status: membership.status,
                    family: membership.familyStatus,
                    since: when(membership.joinedAt),
                  })}
                </p>
                {membership.familyStatus === "closed" && membership.restorableUntil && membership.restorableUntil > new Date() ? (
                  <div className="mt-2">
                    <ReasonActionForm
                      action={restoreFamilyAction}
                      fields={{ familyId: membership.familyId }}
                      label={t("restoreFamily")}
                      title={t("restoreFamilyTitle", { name: membership.familyName })}
                      explanation={t("restoreFamilyExplanation", { date: when(membership.restorableUntil) })}
                      confirmLabel={t("restoreFamily")}
                    />
                  </div>
                ) : null}
              </div>
              <div>
                <h3 className="text-xs font-semibold text-stone-600 uppercase">{t("photos", { tenant: membership.tenantName })}</h3>
                {photos.has(membership.memberId) ? (
                  <Suspense fallback={<p className="text-sm text-stone-600">{t("photosLoading")}</p>}>
                    <PhotosPanel
                      user={photos.get(membership.memberId)!}
                      sub={sub}
                      memberId={membership.memberId}
                      restoreAction={restorePhotosAction}
                    />
                  </Suspense>
                ) : (
                  <p className="text-stone-600">{t("noPhotosUser")}</p>
                )}
              </div>
            </li>
          ))}
        </ul>
      </Card>

      <Card title={t("invites")}>
        {record.invitesReceived.length + record.invitesSent.length === 0 ? (
          <p className="text-sm text-stone-600">{t("noInvites")}</p>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm" aria-label={t("invites")}>
            {[
              ...record.invitesReceived.map((invite) => ({ invite, direction: "received" })),
              ...record.invitesSent.map((invite) => ({ invite, direction: "sent" })),
            ].map(({ invite, direction }) => (
              <li key={`${direction}-${invite.id}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="min-w-0">
                  <span className="font-medium break-all">{invite.email}</span>
                  <span className="block text-stone-600">
                    {t("inviteLine", {
                      direction,
                      family: invite.familyName,
                      status: invite.status,
                      sends: invite.sendCount,
                      expires: when(invite.expiresAt),
                    })}
                  </span>
                </span>
                {invite.status === "pending" || invite.status === "expired" ? (
                  <span className="flex flex-wrap gap-2">
                    <ReasonActionForm
                      action={resendInviteAction}
                      fields={{ sub, familyId: invite.familyId, inviteId: invite.id }}
                      label={t("resendInvite")}
                      title={t("resendInviteTitle", { email: invite.email })}
                      explanation={t("resendInviteExplanation")}
                      confirmLabel={t("resendInvite")}
                    />
                    {invite.status === "pending" ? (
                      <ReasonActionForm
                        action={revokeInviteAction}
                        fields={{ sub, familyId: invite.familyId, inviteId: invite.id }}
                        label={t("revokeInvite")}
                        title={t("revokeInviteTitle", { email: invite.email })}
                        explanation={t("revokeInviteExplanation")}
                        confirmLabel={t("revokeInvite")}
                      />
                    ) : null}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title={t("jobs")}>
        <OpenJobsList jobs={record.jobs} labelOf={queueLabel} />
      </Card>

      <Card title={t("history")}>
        <Suspense fallback={<HistoryList audit={record.history} />}>
          <HistoryList audit={record.history} events={identity?.events ?? Promise.resolve({ ok: true, value: [] })} />
        </Suspense>
      </Card>
    </>
  );
}
