import type { GroupMember } from "@/lib/identity/port";
import type { PhotosUser } from "@/lib/photos/port";

/**
 * How Castello's members, the tenant's group at the identity provider and the tenant's Immich
 * users differ. Pure: the drift job (drift-jobs.ts) gathers the three lists and stores the findings.
 */

export const DRIFT_KINDS = [
  "group_member_missing",
  "group_member_unknown",
  "photos_user_missing",
  "photos_user_deleted",
  "photos_email_differs",
  "quota_differs",
  "photos_user_unknown",
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export interface DriftMember {
  id: number;
  identityAccountId: string | null;
  email: string;
  quotaBytes: number | null;
  immichUserId: string | null;
  /** Active in an active family: they must be in the group and have a photos user. */
  holdsAccess: boolean;
  /** Joined long enough ago that their provisioning jobs have had time to run. */
  settled: boolean;
}

export interface DriftFinding {
  kind: DriftKind;
  subjectKey: string;
  memberId: number | null;
  detail: Record<string, string | number | null>;
}

export interface DriftInput {
  members: DriftMember[];
  groupMembers: GroupMember[];
  photosUsers: (PhotosUser & { isAdmin?: boolean })[];
}

const lower = (value: string) => value.trim().toLowerCase();

function photosUserOf(member: DriftMember, byId: Map<string, PhotosUser>, byEmail: Map<string, PhotosUser>): PhotosUser | undefined {
  return (member.immichUserId ? byId.get(member.immichUserId) : undefined) ?? byEmail.get(lower(member.email));
}

function memberFindings(member: DriftMember, inGroup: Set<string>, byId: Map<string, PhotosUser>, byEmail: Map<string, PhotosUser>) {
  const findings: DriftFinding[] = [];
  const about = { subjectKey: `member:${member.id}`, memberId: member.id };
  if (member.identityAccountId && !inGroup.has(member.identityAccountId)) {
    findings.push({ kind: "group_member_missing", ...about, detail: { accountId: member.identityAccountId } });
  }
  const user = photosUserOf(member, byId, byEmail);
  if (!user) {
    findings.push({ kind: "photos_user_missing", ...about, detail: { immichUserId: member.immichUserId } });
    return findings;
  }
  if (user.status !== "active") {
    findings.push({ kind: "photos_user_deleted", ...about, detail: { immichUserId: user.id, status: user.status } });
    return findings;
  }
  if (lower(user.email) !== lower(member.email)) {
    findings.push({ kind: "photos_email_differs", ...about, detail: { immichUserId: user.id, expected: member.email, found: user.email } });
  }
  if (user.quotaBytes !== member.quotaBytes) {
    findings.push({
      kind: "quota_differs",
      ...about,
      detail: { immichUserId: user.id, expected: member.quotaBytes, found: user.quotaBytes },
    });
  }
  return findings;
}

export function findDrift(input: DriftInput): DriftFinding[] {
  const inGroup = new Set(input.groupMembers.map((account) => account.accountId));
  const byId = new Map(input.photosUsers.map((user) => [user.id, user]));
  const byEmail = new Map(input.photosUsers.map((user) => [lower(user.email), user]));
  const findings: DriftFinding[] = [];
  const holding = input.members.filter((member) => member.holdsAccess);
  for (const member of holding) {
    if (member.settled) findings.push(...memberFindings(member, inGroup, byId, byEmail));
  }
  // The group may hold whoever holds access, or is just joining; anyone else is a stray.
  const allowed = new Set(holding.flatMap((member) => (member.identityAccountId ? [member.identityAccountId] : [])));
  for (const account of input.groupMembers) {
    if (!allowed.has(account.accountId)) {
      findings.push({
        kind: "group_member_unknown",
        subjectKey: `account:${account.accountId}`,
        memberId: null,
        detail: { accountId: account.accountId, email: account.email, username: account.username },
      });
    }
  }
  // Photos users of any member, past ones included, are Castello's; the server's admins are the operator's.
  const knownIds = new Set(input.members.flatMap((member) => (member.immichUserId ? [member.immichUserId] : [])));
  const knownEmails = new Set(input.members.map((member) => lower(member.email)));
  for (const user of input.photosUsers) {
    if (user.isAdmin || knownIds.has(user.id) || knownEmails.has(lower(user.email))) continue;
    findings.push({
      kind: "photos_user_unknown",
      subjectKey: `photos:${user.id}`,
      memberId: null,
      detail: { immichUserId: user.id, email: user.email, name: user.name },
    });
  }
  return findings;
}
