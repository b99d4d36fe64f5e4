import "server-only";
import { and, desc, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { auditEvents, families, invites, members, outboxJobs, supportRecoveryLinks, supportSuspensions, tenants } from "@/lib/db/schema";
import { bossJobs } from "@/lib/jobs/boss-tables";
import { jobErrorSql, jobStateSql, type JobState } from "@/lib/jobs/status";

const HISTORY_LIMIT = 100;

/** Everything Castello's own database knows about one person, for support's account review. */
export async function personRecord(db: Executor, sub: string) {
  const memberships = await db
    .select({
      memberId: members.id,
      familyId: families.id,
      familyName: families.name,
      familyStatus: families.status,
      restorableUntil: families.restorableUntil,
      role: members.role,
      status: members.status,
      email: members.email,
      displayName: members.displayName,
      identityAccountId: members.identityAccountId,
      identityUsername: members.identityUsername,
      immichUserId: members.immichUserId,
      quotaBytes: members.quotaBytes,
      joinedAt: members.joinedAt,
      removedAt: members.removedAt,
      tenantId: tenants.id,
      tenantName: tenants.displayName,
      slug: tenants.slug,
      immichUrl: tenants.immichUrl,
      immichApiKeyEncrypted: tenants.immichApiKeyEncrypted,
    })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(eq(members.identitySub, sub))
    .orderBy(desc(members.joinedAt));
  if (memberships.length === 0) return undefined;

  const memberIds = memberships.map((membership) => membership.memberId);
  const emails = [...new Set(memberships.map((membership) => membership.email.toLowerCase()))];
  const inviteColumns = {
    id: invites.id,
    familyId: invites.familyId,
    familyName: families.name,
    tenantName: tenants.displayName,
    email: invites.email,
    role: invites.role,
    status: invites.status,
    sendCount: invites.sendCount,
    expiresAt: invites.expiresAt,
    createdAt: invites.createdAt,
    invitedByMemberId: invites.invitedByMemberId,
    mailFailure: invites.mailFailure,
  };
  const inviteQuery = (where: ReturnType<typeof or>) =>
    db
      .select(inviteColumns)
      .from(invites)
      .innerJoin(families, eq(families.id, invites.familyId))
      .innerJoin(tenants, eq(tenants.id, invites.tenantId))
      .where(where)
      .orderBy(desc(invites.createdAt))
      .limit(50);
  const [received, sent, suspension] = await Promise.all([
    inviteQuery(inArray(sql`lower(${invites.email})`, emails)),
    inviteQuery(inArray(invites.invitedByMemberId, memberIds)),
    db.select().from(supportSuspensions).where(eq(supportSuspensions.identitySub, sub)),
  ]);
  const inviteIds = [...new Set([...received, ...sent].map((invite) => invite.id))];

  const [jobs, history] = await Promise.all([
    openJobsAbout(db, [
      { type: "member", ids: memberIds.map(String) },
      { type: "invite", ids: inviteIds.map(String) },
      { type: "person", ids: [sub] },
    ]),
    db
      .select()
      .from(auditEvents)
      .where(
        or(
          and(eq(auditEvents.entityType, "person"), eq(auditEvents.entityId, sub)),
          and(eq(auditEvents.entityType, "member"), inArray(auditEvents.entityId, memberIds.map(String))),
          inviteIds.length > 0
            ? and(eq(auditEvents.entityType, "invite"), inArray(auditEvents.entityId, inviteIds.map(String)))
            : undefined,
          eq(auditEvents.actorSub, sub),
        ),
      )
      .orderBy(desc(auditEvents.createdAt))
      .limit(HISTORY_LIMIT),
  ]);
  const current = memberships[0]!;
  return {
    sub,
    name: current.displayName,
    email: current.email,
    identityAccountId: memberships.find((membership) => membership.identityAccountId)?.identityAccountId ?? null,
    identityUsername: memberships.find((membership) => membership.identityUsername)?.identityUsername ?? null,
    memberships,
    invitesReceived: received,
    invitesSent: sent,
    jobs,
    history,
    suspension: suspension[0] ?? null,
  };
}

export type PersonRecord = NonNullable<Awaited<ReturnType<typeof personRecord>>>;

export interface OpenJob {
  id: string;
  queue: string;
  subjectType: string;
  subjectId: string;
  state: JobState;
  error: string | null;
  createdAt: Date;
  nextAttemptAt: Date | null;
}

/** Jobs about these subjects that are not done yet (waiting, running, retrying) or failed for good. */
export async function openJobsAbout(db: Executor, subjects: { type: string; ids: string[] }[]): Promise<OpenJob[]> {
  const wanted = subjects.filter((subject) => subject.ids.length > 0);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({
      id: outboxJobs.id,
      queue: outboxJobs.queue,
      subjectType: outboxJobs.subjectType,
      subjectId: outboxJobs.subjectId,
      createdAt: outboxJobs.createdAt,
      state: jobStateSql,
      error: jobErrorSql,
      nextAttemptAt: bossJobs.startAfter,
    })
    .from(outboxJobs)
    .leftJoin(bossJobs, and(eq(bossJobs.name, outboxJobs.queue), eq(bossJobs.id, outboxJobs.id)))
    .where(
      and(
        or(...wanted.map((subject) => and(eq(outboxJobs.subjectType, subject.type), inArray(outboxJobs.subjectId, subject.ids)))),
        sql`${jobStateSql} not in ('completed', 'cancelled')`,
      ),
    )
    .orderBy(desc(outboxJobs.createdAt))
    .limit(200);
  return rows;
}

/** How long an opened review stays open for the agent who gave the reason. */
export const REVIEW_OPEN_MINUTES = 30;

/** Whether this agent opened a review of this person or family (with a reason) in the last half hour. */
export async function reviewIsOpen(db: Executor, agentSub: string, entity: { type: "person" | "family"; id: string }, now = new Date()) {
  const since = new Date(now.getTime() - REVIEW_OPEN_MINUTES * 60_000);
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, entity.type),
        eq(auditEvents.entityId, entity.id),
        eq(auditEvents.action, entity.type === "person" ? "support.account.view" : "support.family.view"),
        eq(auditEvents.actorSub, agentSub),
        gt(auditEvents.createdAt, since),
      ),
    )
    .limit(1);
  return !!row;
}

/** Recovery links this agent asked for about this person that are not yet revealed. */
export function pendingRecoveryLinks(db: Executor, agentSub: string, sub: string) {
  return db
    .select({ id: supportRecoveryLinks.id, readyAt: supportRecoveryLinks.readyAt, createdAt: supportRecoveryLinks.createdAt })
    .from(supportRecoveryLinks)
    .where(
      and(
        eq(supportRecoveryLinks.identitySub, sub),
        eq(supportRecoveryLinks.requestedBySub, agentSub),
        isNull(supportRecoveryLinks.revealedAt),
      ),
    )
    .orderBy(desc(supportRecoveryLinks.createdAt))
    .limit(5);
}

/** What a person sees on their own account page: when support looked at their account, and why. */
export function supportViewsOf(db: Executor, sub: string) {
  return db
    .select({ id: auditEvents.id, at: auditEvents.createdAt, reason: auditEvents.reason, action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "person"), eq(auditEvents.entityId, sub), eq(auditEvents.actorType, "support")))
    .orderBy(desc(auditEvents.createdAt))
    .limit(20);
}

/** A family's audit rows, newest first, for support's family review. */
export function familyHistory(db: Executor, familyId: number) {
  return db.select().from(auditEvents).where(eq(auditEvents.familyId, familyId)).orderBy(desc(auditEvents.createdAt)).limit(HISTORY_LIMIT);
}
