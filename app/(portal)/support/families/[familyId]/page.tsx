import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { HistoryList } from "@/components/support/history-list";
import { OpenReviewForm } from "@/components/support/open-review-form";
import { ReasonActionForm } from "@/components/support/reason-action-form";
import { OpenJobsList } from "@/components/support/open-jobs-list";
import { Card } from "@/components/ui/card";
import { getFamilyOverview, listFamilyMemberIds, listFamilyMembers, listPendingInvites } from "@/lib/families/queries";
import { parseId } from "@/lib/ids";
import { queueLabel } from "@/lib/platform/jobs";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { familyHistory, openJobsAbout, reviewIsOpen } from "@/lib/support/person";
import { openFamilyReviewAction, restoreFamilyAction } from "../../actions";

export async function generateMetadata() {
  return { title: (await getTranslations("support.family"))("metaTitle") };
}

/** Support's review of one family: members (each a link to their account review), invites, work, history. */
export default async function FamilyReviewPage({ params }: { params: Promise<{ familyId: string }> }) {
  const viewer = await requireArea("support");
  const familyId = parseId((await params).familyId);
  if (!familyId) notFound();
  const { db } = serverDeps();
  const [family, open, t, tj, format] = await Promise.all([
    getFamilyOverview(db, familyId),
    reviewIsOpen(db, viewer.sub, { type: "family", id: String(familyId) }),
    getTranslations("support.family"),
    getTranslations(),
    getFormatter(),
  ]);
  if (!family) notFound();
  if (!open) {
    return (
      <>
        <h1 className="text-2xl font-bold break-words">{t("gateTitle", { name: family.name })}</h1>
        <Card title={tj("support.review.gateCard")}>
          <OpenReviewForm action={openFamilyReviewAction} fields={{ familyId }} explanation={t("gateExplanation")} />
        </Card>
      </>
    );
  }
  const [people, invites, memberIds, history] = await Promise.all([
    listFamilyMembers(db, familyId),
    listPendingInvites(db, familyId),
    listFamilyMemberIds(db, familyId),
    familyHistory(db, familyId),
  ]);
  const jobs = await openJobsAbout(db, [
    { type: "member", ids: memberIds.map(String) },
    { type: "invite", ids: invites.map((invite) => String(invite.id)) },
    { type: "family", ids: [String(familyId)] },
  ]);
  const when = (date: Date | null) => (date ? format.dateTime(date, "timestamp") : "—");
  return (
    <>
      <div>
        <p className="text-sm">
          <Link href="/support" className="text-brand-700 underline">
            {tj("support.review.back")}
          </Link>
        </p>
        <h1 className="text-2xl font-bold break-words">{family.name}</h1>
        <p className="text-sm text-stone-600">{t("line", { tenant: family.tenantName, status: family.status })}</p>
      </div>
      {family.status === "closed" && family.restorableUntil && family.restorableUntil > new Date() ? (
        <ReasonActionForm
          action={restoreFamilyAction}
          fields={{ familyId }}
          label={tj("support.review.restoreFamily")}
          title={tj("support.review.restoreFamilyTitle", { name: family.name })}
          explanation={tj("support.review.restoreFamilyExplanation", { date: when(family.restorableUntil) })}
          confirmLabel={tj("support.review.restoreFamily")}
          variant="primary"
        />
      ) : null}
      <Card title={t("members")}>
        <ul className="divide-y divide-stone-100 text-sm" aria-label={t("members")}>
          {people.map((person) => (
            <li key={person.id} className="py-2">
              <Link
                href={`/support/people/${encodeURIComponent(person.identitySub)}`}
                className="font-medium break-words text-brand-700 underline"
              >
                {person.displayName}
              </Link>{" "}
              <span className="text-stone-600">
                <span className="break-all">{person.email}</span> · {tj(`common.roles.${person.role}`)}
              </span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title={t("invites")}>
        {invites.length === 0 ? (
          <p className="text-sm text-stone-600">{tj("support.review.noInvites")}</p>
        ) : (
          <ul className="divide-y divide-stone-100 text-sm" aria-label={t("invites")}>
            {invites.map((invite) => (
              <li key={invite.id} className="py-2">
                <span className="font-medium break-all">{invite.email}</span>{" "}
                <span className="text-stone-600">{t("inviteLine", { expires: when(invite.expiresAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={tj("support.review.jobs")}>
        <OpenJobsList jobs={jobs} labelOf={queueLabel} />
      </Card>
      <Card title={tj("support.review.history")}>
        <HistoryList audit={history} events={Promise.resolve({ ok: true, value: [] })} />
      </Card>
    </>
  );
}
