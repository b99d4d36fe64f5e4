import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import {
  changeQuotaAction,
  changeRoleAction,
  inviteMembersAction,
  leaveFamilyAction,
  removeMemberAction,
  resendInviteAction,
  revokeInviteAction,
  transferOwnershipAction,
} from "@/app/(portal)/family/actions";
import { InviteForm } from "@/components/family/invite-form";
import { AutoRefresh } from "@/components/layout/auto-refresh";
import { MemberMfa, MemberUsage } from "@/components/family/member-status";
import { QuotaForm, RoleForm } from "@/components/family/member-settings-form";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { assignableRoles, can, canManageMember } from "@/lib/auth/permissions";
import { requestLiveStatusRefresh } from "@/lib/families/live-refresh";
import { getFamilyOverview, listFamilyMembers, listPendingInvites } from "@/lib/families/queries";
import { formatBytes } from "@/lib/format";
import { parseId } from "@/lib/ids";
import { sendInviteMailQueue } from "@/lib/invites/queues";
import { queueNames } from "@/lib/jobs/queue";
import { jobsForSubjects } from "@/lib/jobs/status";
import { queueLabel } from "@/lib/platform/jobs";
import { serverDeps } from "@/lib/platform/server";
import { requireArea } from "@/lib/platform/viewer";
import { bytesToGb } from "@/lib/storage/bytes";

export async function generateMetadata() {
  return { title: (await getTranslations("family"))("metaTitle") };
}

export default async function FamilyPage({ params }: { params: Promise<{ familyId: string }> }) {
  const viewer = await requireArea("family");
  const familyId = parseId((await params).familyId);
  const membership = viewer.memberships.find((candidate) => candidate.familyId === familyId);
  if (!familyId || !membership) notFound();
  const deps = serverDeps();
  const db = deps.db;
  const [t, tc, tj, locale, format] = await Promise.all([
    getTranslations("family"),
    getTranslations("common"),
    getTranslations(),
    getLocale(),
    getFormatter(),
  ]);
  const bytes = (value: number | null) => (value === null ? tc("storage.unlimited") : formatBytes(value, locale));
  const [family, members, invites] = await Promise.all([
    getFamilyOverview(db, familyId),
    listFamilyMembers(db, familyId),
    listPendingInvites(db, familyId),
  ]);
  if (!family) notFound();
  const [memberJobs, inviteJobs] = await Promise.all([
    jobsForSubjects(
      db,
      "member",
      members.map((member) => member.id),
      { open: true },
    ),
    jobsForSubjects(
      db,
      "invite",
      invites.map((invite) => invite.id),
      { open: true },
    ),
  ]);
  // MFA and storage come from Postgres; when they are old (or someone is new), a job reads them again.
  const refreshing = await requestLiveStatusRefresh(db, family, members);
  const checkedAt = members.reduce<Date | null>(
    (oldest, member) => (member.liveCheckedAt && (!oldest || member.liveCheckedAt < oldest) ? member.liveCheckedAt : oldest),
    null,
  );
  const unchecked = members.some((member) => !member.liveCheckedAt);
  const mailQueues = queueNames(sendInviteMailQueue);
  const role = membership.role;
  const manages = can(role, "member.manage");
  const allocated =
    members.reduce((sum, member) => sum + (member.quotaBytes ?? 0), 0) + invites.reduce((sum, invite) => sum + (invite.quotaBytes ?? 0), 0);
  const unfinished = memberJobs.filter((job) => job.state !== "completed" && job.state !== "cancelled");
  const me = members.find((member) => member.identitySub === viewer.sub);

  const cancel = tc("confirm.cancel");
  const waiting = unfinished.length > 0 || unchecked || invites.some((invite) => !invite.mailSentAt && !invite.mailFailedAt);
  const removalPolicy = family.immichRemovalPolicy;

  return (
    <>
      <AutoRefresh active={waiting} />
      {viewer.memberships.length > 1 ? (
        <nav aria-label={t("switcher")} className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <span className="text-stone-700">{t("switcher")}:</span>
          {viewer.memberships.map((other) =>
            other.familyId === familyId ? (
              <span key={other.familyId} aria-current="page" className="font-semibold">
                {other.familyName}
              </span>
            ) : (
              <Link key={other.familyId} href={`/family/${other.familyId}`} className="text-brand-700 underline">
                {other.familyName}
              </Link>
            ),
          )}
        </nav>
      ) : null}
      <div className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-bold break-words">{family.name}</h1>
          <div className="flex flex-wrap items-center gap-3">
            {can(role, "family.settings") ? (
              <Link href={`/family/${family.id}/settings`} className="text-sm text-brand-700 underline">
                {t("settings.link")}
              </Link>
            ) : null}
            {me && (me.immichUserId || family.sharingMode === "shared_library") ? (
              <a
                href={deps.photos.loginUrl(family)}
                className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
              >
                {family.sharingMode === "shared_library" ? t("sharing.openFamilyLibrary") : tj("onboarding.openPhotos")}
              </a>
            ) : null}
          </div>
        </div>
        <p className="text-sm text-stone-600">
          {t.rich("summary", {
            tenant: family.tenantName,
            role,
            used: members.length + invites.length,
            limit: family.seatLimit,
            given: bytes(allocated),
            allowance: bytes(family.storageAllowanceBytes),
            b: (chunks) => <strong>{chunks}</strong>,
          })}
        </p>
      </div>

      {unfinished.length > 0 ? (
        <Card title={t("inProgress.title")}>
          <ul className="text-sm" aria-label={t("inProgress.label")}>
            {unfinished.map((job) => (
              <li key={job.id}>
                {t("inProgress.line", {
                  job: tj(queueLabel(job.queue)),
                  name: members.find((member) => String(member.id) === job.subjectId)?.displayName ?? t("inProgress.formerMember"),
                })}{" "}
                <strong>
                  {job.state === "failed"
                    ? t("inProgress.failed")
                    : job.state === "retry"
                      ? t("inProgress.retry")
                      : t("inProgress.pending")}
                </strong>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title={t("members.title")}>
        <ul className="divide-y divide-stone-100" aria-label={t("members.label")}>
          {members.map((member) => {
            const manageable = manages && member.id !== me?.id && canManageMember(role, member.role);
            return (
              <li
                key={member.id}
                className="grid gap-3 py-3 text-sm sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.5fr)]"
              >
                <div className="min-w-0">
                  <div className="font-medium break-words">
                    {member.displayName}
                    {member.id === me?.id ? <span className="ml-1 text-stone-600">({t("members.you")})</span> : null}
                  </div>
                  <div className="break-all text-stone-600">{member.email}</div>
                </div>
                <div>
                  <span className="sr-only">{t("members.role")}: </span>
                  {tc(`roles.${member.role}`)}
                </div>
                <div>
                  <span className="sr-only">{t("members.signIn")}: </span>
                  <MemberMfa enrolled={member.mfaEnrolled} checked={Boolean(member.liveCheckedAt)} />
                </div>
                <div>
                  <span className="sr-only">{t("members.storage")}: </span>
                  <MemberUsage
                    usedBytes={member.usageBytes}
                    immichUserId={member.immichUserId}
                    quotaBytes={member.quotaBytes}
                    name={member.displayName}
                    checked={Boolean(member.liveCheckedAt)}
                  />
                </div>
                {manages && (manageable || (member.id === me?.id && role === "owner")) ? (
                  <div className="flex flex-wrap gap-3 sm:col-span-4">
                    {manageable ? (
                      <>
                        <RoleForm
                          familyId={familyId}
                          memberId={member.id}
                          name={member.displayName}
                          role={member.role}
                          roles={assignableRoles(role)}
                          action={changeRoleAction}
                        />
                        <QuotaForm
                          familyId={familyId}
                          memberId={member.id}
                          name={member.displayName}
                          quotaGb={bytesToGb(member.quotaBytes)}
                          action={changeQuotaAction}
                        />
                        <ActionForm
                          action={removeMemberAction}
                          fields={{ familyId, memberId: member.id }}
                          label={t("manage.remove", { name: member.displayName })}
                          pendingLabel={t("manage.removing")}
                          confirm={{
                            title: t("manage.removeTitle", { name: member.displayName }),
                            explanation:
                              t("manage.removeExplanation", { name: member.displayName, policy: removalPolicy }) +
                              (family.sharingMode === "shared_library"
                                ? ` ${t("manage.removeSharedNote", { name: member.displayName })}`
                                : ""),
                            confirmLabel: t("manage.removeConfirm"),
                            cancelLabel: cancel,
                          }}
                        />
                        {role === "owner" && member.role !== "guest" ? (
                          <ActionForm
                            action={transferOwnershipAction}
                            fields={{ familyId, memberId: member.id, confirm: "transfer" }}
                            label={t("manage.makeOwner", { name: member.displayName })}
                            pendingLabel={t("manage.transferring")}
                            confirm={{
                              title: t("manage.transferTitle", { name: member.displayName }),
                              explanation: t("manage.transferExplanation"),
                              confirmLabel: t("manage.transferConfirm"),
                              cancelLabel: cancel,
                            }}
                          />
                        ) : null}
                      </>
                    ) : (
                      <QuotaForm
                        familyId={familyId}
                        memberId={member.id}
                        name={member.displayName}
                        quotaGb={bytesToGb(member.quotaBytes)}
                        action={changeQuotaAction}
                      />
                    )}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
        <p className="mt-2 text-xs text-stone-600">
          {checkedAt ? t("members.checkedAt", { time: format.relativeTime(checkedAt, new Date()) }) : null}
          {refreshing ? ` ${t("members.refreshing")}` : null}
        </p>
      </Card>

      <Card title={t("invites.title")}>
        {invites.length === 0 ? (
          <p className="text-stone-600">{t("invites.none")}</p>
        ) : (
          <ul className="divide-y divide-stone-100" aria-label={t("invites.label")}>
            {invites.map((invite) => {
              const mail = inviteJobs.find((job) => job.subjectId === String(invite.id) && mailQueues.includes(job.queue));
              return (
                <li key={invite.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
                  <span className="font-medium break-all">{invite.email}</span>
                  <span>{tc(`roles.${invite.role}`)}</span>
                  <span className="text-stone-600">{t("invites.expires", { date: invite.expiresAt })}</span>
                  <span className={invite.mailFailedAt ? "font-semibold text-red-700" : "text-stone-600"}>
                    {invite.mailFailedAt
                      ? t("invites.mailFailed")
                      : invite.mailSentAt
                        ? t("invites.mailSent")
                        : mail?.state === "retry" || mail?.state === "failed"
                          ? t("invites.mailWaiting")
                          : t("invites.mailPending")}
                  </span>
                  {can(role, "invite.manage") ? (
                    <span className="flex flex-wrap gap-2 sm:ml-auto">
                      <ActionForm
                        action={resendInviteAction}
                        fields={{ familyId, inviteId: invite.id }}
                        label={t("invites.resend", { email: invite.email })}
                        pendingLabel={t("invites.sending")}
                      />
                      <ActionForm
                        action={revokeInviteAction}
                        fields={{ familyId, inviteId: invite.id }}
                        label={t("invites.revoke", { email: invite.email })}
                        pendingLabel={t("invites.revoking")}
                        confirm={{
                          title: t("invites.revokeTitle", { email: invite.email }),
                          explanation: t("invites.revokeExplanation"),
                          confirmLabel: t("invites.revokeConfirm"),
                          cancelLabel: cancel,
                        }}
                      />
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      {can(role, "invite.manage") ? (
        <Card title={t("inviteForm.title")}>
          <InviteForm
            familyId={familyId}
            roles={assignableRoles(role)}
            defaultLocale={family.defaultLocale}
            quotaHint={t("inviteForm.quotaHint", { left: bytes(Math.max(0, family.storageAllowanceBytes - allocated)) })}
            action={inviteMembersAction}
          />
        </Card>
      ) : null}

      {can(role, "family.leave") ? (
        <Card title={t("leave.title")}>
          <ActionForm
            action={leaveFamilyAction}
            fields={{ familyId }}
            label={t("leave.button")}
            pendingLabel={t("leave.pending")}
            confirm={{
              title: t("leave.confirmTitle"),
              explanation: t("leave.explanation", { policy: removalPolicy }),
              confirmLabel: t("leave.confirm"),
              cancelLabel: cancel,
            }}
          />
        </Card>
      ) : null}
    </>
  );
}
