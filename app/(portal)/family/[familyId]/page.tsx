import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
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
import { MfaCell, UsageCell } from "@/components/family/live-cells";
import { QuotaForm, RoleForm } from "@/components/family/member-settings-form";
import { ActionForm } from "@/components/forms/action-form";
import { Card } from "@/components/ui/card";
import { assignableRoles, can, canManageMember } from "@/lib/auth/permissions";
import { hasMfa, storageUsage } from "@/lib/families/live-status";
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

export const metadata: Metadata = { title: "My family" };

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function removalExplanation(name: string, policy: "soft_delete" | "keep") {
  return `${name} loses access to this family's photo service. Their Authentik account is deactivated if no other family uses it; their Immich account is ${
    policy === "keep" ? "kept as it is" : "deleted, and can be restored for 7 days"
  }.`;
}

export default async function FamilyPage({ params }: { params: Promise<{ familyId: string }> }) {
  const viewer = await requireArea("family");
  const familyId = parseId((await params).familyId);
  const membership = viewer.memberships.find((candidate) => candidate.familyId === familyId);
  if (!familyId || !membership) notFound();
  const deps = serverDeps();
  const db = deps.db;
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
    ),
    jobsForSubjects(
      db,
      "invite",
      invites.map((invite) => invite.id),
    ),
  ]);
  // Started now, awaited by the streamed cells: one usage call for the family, one MFA call per member.
  const usage = storageUsage(db, deps.photos, family.tenantId);
  const mfa = new Map(
    members.map((member) => [member.id, member.identityAccountId ? hasMfa(deps.identity, member.identityAccountId) : null]),
  );
  const mailQueues = queueNames(sendInviteMailQueue);
  const role = membership.role;
  const manages = can(role, "member.manage");
  const allocated =
    members.reduce((sum, member) => sum + (member.quotaBytes ?? 0), 0) + invites.reduce((sum, invite) => sum + (invite.quotaBytes ?? 0), 0);
  const unfinished = memberJobs.filter((job) => job.state !== "completed" && job.state !== "cancelled");
  const me = members.find((member) => member.identitySub === viewer.sub);

  return (
    <>
      <div>
        <h1 className="text-2xl font-bold">{family.name}</h1>
        <p className="text-sm text-stone-600">
          On {family.tenantName} · your role: <strong>{role}</strong> · {members.length + invites.length} of {family.seatLimit} seats used ·
          storage given: {formatBytes(allocated)} of {formatBytes(family.storageAllowanceBytes)}
        </p>
      </div>

      {unfinished.length > 0 ? (
        <Card title="In progress">
          <ul className="text-sm" aria-label="Background work">
            {unfinished.map((job) => (
              <li key={job.id}>
                {queueLabel(job.queue)} ({members.find((member) => String(member.id) === job.subjectId)?.displayName ?? "former member"}):{" "}
                <strong>
                  {job.state === "failed"
                    ? "failed, the operators have been told"
                    : job.state === "retry"
                      ? "waiting for the service, retrying"
                      : "pending"}
                </strong>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Members">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-stone-500">
              <tr>
                <th className="py-2">Member</th>
                <th>Role</th>
                <th>Sign-in</th>
                <th>Storage</th>
                {manages ? <th>Manage</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((member) => {
                const manageable = manages && member.id !== me?.id && canManageMember(role, member.role);
                return (
                  <tr key={member.id} className="border-t border-stone-100 align-top">
                    <td className="py-2">
                      <div className="font-medium">{member.displayName}</div>
                      <div className="text-stone-500">{member.email}</div>
                    </td>
                    <td>{member.role}</td>
                    <td>
                      <Suspense fallback={<span className="text-stone-400">checking…</span>}>
                        <MfaCell mfa={mfa.get(member.id) ?? null} />
                      </Suspense>
                    </td>
                    <td>
                      <Suspense fallback={<span className="text-stone-400">…</span>}>
                        <UsageCell
                          usage={usage}
                          immichUserId={member.immichUserId}
                          quotaBytes={member.quotaBytes}
                          name={member.displayName}
                        />
                      </Suspense>
                    </td>
                    {manages ? (
                      <td className="space-y-2 py-2">
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
                              label={`Remove ${member.displayName}`}
                              pendingLabel="Removing…"
                              explanation={removalExplanation(member.displayName, family.immichRemovalPolicy)}
                            />
                            {role === "owner" && member.role !== "guest" ? (
                              <ActionForm
                                action={transferOwnershipAction}
                                fields={{ familyId, memberId: member.id, confirm: "transfer" }}
                                label={`Make ${member.displayName} the owner`}
                                pendingLabel="Transferring…"
                                explanation="You become an admin; only the new owner can transfer ownership again."
                              />
                            ) : null}
                          </>
                        ) : member.id === me?.id && role === "owner" ? (
                          <QuotaForm
                            familyId={familyId}
                            memberId={member.id}
                            name={member.displayName}
                            quotaGb={bytesToGb(member.quotaBytes)}
                            action={changeQuotaAction}
                          />
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="Pending invitations">
        {invites.length === 0 ? (
          <p className="text-stone-600">No pending invitation.</p>
        ) : (
          <ul className="divide-y divide-stone-100" aria-label="Pending invitations">
            {invites.map((invite) => {
              const mail = inviteJobs.find((job) => job.subjectId === String(invite.id) && mailQueues.includes(job.queue));
              return (
                <li key={invite.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
                  <span className="font-medium">{invite.email}</span>
                  <span>{invite.role}</span>
                  <span className="text-stone-600">expires {dateFormat.format(invite.expiresAt)} UTC</span>
                  <span className={invite.mailFailedAt ? "font-semibold text-red-700" : "text-stone-600"}>
                    {invite.mailFailedAt
                      ? "could not be delivered: the mail server refused this address. Check it, then revoke and invite again"
                      : invite.mailSentAt
                        ? "e-mail sent"
                        : mail?.state === "retry" || mail?.state === "failed"
                          ? "e-mail waiting for the mail server"
                          : "e-mail pending"}
                  </span>
                  {can(role, "invite.manage") ? (
                    <span className="ml-auto flex gap-2">
                      <ActionForm
                        action={resendInviteAction}
                        fields={{ familyId, inviteId: invite.id }}
                        label={`Resend to ${invite.email}`}
                        pendingLabel="Sending…"
                      />
                      <ActionForm
                        action={revokeInviteAction}
                        fields={{ familyId, inviteId: invite.id }}
                        label={`Revoke ${invite.email}`}
                        pendingLabel="Revoking…"
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
        <Card title="Invite someone">
          <InviteForm
            familyId={familyId}
            roles={assignableRoles(role)}
            quotaHint={`Leave empty for an equal share. ${formatBytes(Math.max(0, family.storageAllowanceBytes - allocated))} left to give.`}
            action={inviteMembersAction}
          />
        </Card>
      ) : null}

      {can(role, "family.leave") ? (
        <Card title="Leave this family">
          <ActionForm
            action={leaveFamilyAction}
            fields={{ familyId }}
            label="Leave family"
            pendingLabel="Leaving…"
            explanation={`You lose access to this family's photo service. Your Authentik account is deactivated if no other family uses it; your Immich account is ${
              family.immichRemovalPolicy === "keep" ? "kept as it is" : "deleted, and can be restored for 7 days"
            }.`}
          />
        </Card>
      ) : null}
    </>
  );
}
