import type { MessageKey } from "@/lib/i18n/message";
import { purgeClosedFamilies, type FamilyJobContext } from "@/lib/families/jobs";
import { refreshLiveStatus, type LiveStatusJobContext } from "@/lib/families/live-refresh";
import { purgeClosedFamiliesQueue, refreshLiveStatusQueue } from "@/lib/families/queues";
import { createInvitation, removeInvitation, sendInviteMail, type InviteJobContext } from "@/lib/invites/jobs";
import { expireInvites } from "@/lib/invites/expiry";
import { createInvitationQueue, deleteInvitationQueue, expireInvitesQueue, sendInviteMailQueue } from "@/lib/invites/queues";
import { pruneOutbox, pruneOutboxQueue } from "@/lib/jobs/prune";
import { queueNames, register, type RegisteredQueue } from "@/lib/jobs/queue";
import {
  addMemberToGroup,
  deactivateAccountIfUnused,
  provisionPhotosUser,
  removeMemberFromGroup,
  removePhotosUser,
  syncPhotosEmail,
  updatePhotosQuota,
  type MemberJobContext,
} from "@/lib/members/jobs";
import {
  addMemberToGroupQueue,
  deactivateAccountIfUnusedQueue,
  provisionPhotosUserQueue,
  removeMemberFromGroupQueue,
  removePhotosUserQueue,
  syncFamilyPhotosQueue,
  syncPhotosEmailQueue,
  updatePhotosQuotaQueue,
} from "@/lib/provisioning/queues";
import {
  createRecoveryLink,
  reactivateAccount,
  resetMfa,
  restorePhotosUser,
  sendRecoveryEmail,
  suspendAccount,
  type SupportJobContext,
} from "@/lib/support/jobs";
import {
  createRecoveryLinkQueue,
  reactivateAccountQueue,
  resetMfaQueue,
  restorePhotosUserQueue,
  sendRecoveryEmailQueue,
  suspendAccountQueue,
} from "@/lib/support/queues";
import { ensureTenantGroup, type TenantJobContext } from "@/lib/tenants/jobs";
import {
  checkTenantDriftQueue,
  checkTenantWiringQueue,
  driftSweepQueue,
  ensureTenantGroupQueue,
  refreshTenantOverviewQueue,
  removeStrayGroupMemberQueue,
  wireTenantQueue,
} from "@/lib/tenants/queues";
import { refreshTenantOverview, type OverviewJobContext } from "@/lib/tenants/overview";
import { syncFamilyPhotos, type SharingJobContext } from "@/lib/sharing/jobs";

import { checkTenantDrift, removeStrayGroupMember, sweepDrift } from "@/lib/tenants/drift-jobs";
import { checkTenantWiring, wireTenant, type WiringJobContext } from "@/lib/tenants/wiring-jobs";

/** What any handler may use: the union of what each domain's handlers ask for. */
export type JobContext = TenantJobContext &
  WiringJobContext &
  InviteJobContext &
  MemberJobContext &
  FamilyJobContext &
  LiveStatusJobContext &
  OverviewJobContext &
  SupportJobContext &
  SharingJobContext;

/** Every queue the worker works, with the domain handler that does its effect. */
export const JOB_QUEUES: readonly RegisteredQueue<JobContext>[] = [
  register(ensureTenantGroupQueue, ensureTenantGroup),
  register(wireTenantQueue, wireTenant),
  register(checkTenantWiringQueue, checkTenantWiring),
  register(checkTenantDriftQueue, checkTenantDrift),
  register(driftSweepQueue, sweepDrift),
  register(refreshTenantOverviewQueue, refreshTenantOverview),
  register(removeStrayGroupMemberQueue, removeStrayGroupMember),
  register(syncPhotosEmailQueue, syncPhotosEmail),
  register(createInvitationQueue, createInvitation),
  register(deleteInvitationQueue, removeInvitation),
  register(sendInviteMailQueue, sendInviteMail),
  register(addMemberToGroupQueue, addMemberToGroup),
  register(provisionPhotosUserQueue, provisionPhotosUser),
  register(updatePhotosQuotaQueue, updatePhotosQuota),
  register(removeMemberFromGroupQueue, removeMemberFromGroup),
  register(deactivateAccountIfUnusedQueue, deactivateAccountIfUnused),
  register(removePhotosUserQueue, removePhotosUser),
  register(syncFamilyPhotosQueue, syncFamilyPhotos),
  register(purgeClosedFamiliesQueue, purgeClosedFamilies),
  register(refreshLiveStatusQueue, refreshLiveStatus),
  register(expireInvitesQueue, expireInvites),
  register(pruneOutboxQueue, pruneOutbox),
  register(resetMfaQueue, resetMfa),
  register(sendRecoveryEmailQueue, sendRecoveryEmail),
  register(createRecoveryLinkQueue, createRecoveryLink),
  register(suspendAccountQueue, suspendAccount),
  register(reactivateAccountQueue, reactivateAccount),
  register(restorePhotosUserQueue, restorePhotosUser),
];

const LABELS = new Map(JOB_QUEUES.flatMap(({ queue }) => queueNames(queue).map((name) => [name, queue.label] as const)));

/** The catalogue key of what a person reads for a queue, under its current or a former name. */
export function queueLabel(name: string): MessageKey {
  return LABELS.get(name) ?? "jobs.unknown";
}
