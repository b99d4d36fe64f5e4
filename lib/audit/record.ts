import type { Executor } from "@/lib/db/connect";
import { auditEvents } from "@/lib/db/schema";
import type { Actor } from "./actor";

/** Every action the audit trail knows; a new verb adds its name here. */
export const AUDIT_ACTIONS = [
  "tenant.create",
  "tenant.update",
  "tenant.suspend",
  "tenant.resume",
  "tenant.identity_group.create",
  "tenant.identity_group.adopt",
  "tenant.wiring.apply",
  "tenant.wiring.repair",
  "tenant.drift.fix",
  "family.create",
  "family.settings.change",
  "family.sharing_mode.change",
  "family.ownership.transfer",
  "family.limits.change",
  "family.suspend",
  "family.resume",
  "family.close",
  "family.restore",
  "family.purge",
  "invite.create",
  "invite.resend",
  "invite.revoke",
  "invite.accept",
  "member.role.change",
  "member.quota.change",
  "member.remove",
  "member.leave",
  "job.retry",
  "support.account.view",
  "support.family.view",
  "support.mfa.reset",
  "support.recovery.email",
  "support.recovery.link",
  "support.person.suspend",
  "support.person.reactivate",
  "support.photos.restore",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The actions that send an invitation e-mail: the daily invite limit counts these. */
export const INVITE_SENDING_ACTIONS = ["invite.create", "invite.resend"] as const satisfies readonly AuditAction[];

export interface AuditEntry {
  action: AuditAction;
  tenantId: number | null;
  familyId?: number | null;
  /** A person is their OIDC `sub`: support's actions are about someone across families. */
  entity: { type: "tenant" | "family" | "invite" | "member" | "job" | "person"; id: string | number };
  /** Never secrets or tokens: say "replaced" instead. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  reason?: string;
}

const auditRow = (actor: Actor, entry: AuditEntry) => ({
  tenantId: entry.tenantId,
  familyId: entry.familyId ?? null,
  actorType: actor.type,
  actorSub: actor.sub,
  actorLabel: actor.label,
  action: entry.action,
  entityType: entry.entity.type,
  entityId: String(entry.entity.id),
  before: entry.before,
  after: entry.after,
  reason: entry.reason,
});

/** Writes one audit row in the caller's transaction; returns its id. */
export async function recordAudit(tx: Executor, actor: Actor, entry: AuditEntry): Promise<number> {
  const [row] = await tx.insert(auditEvents).values(auditRow(actor, entry)).returning({ id: auditEvents.id });
  return row!.id;
}

/** Several audit rows of one actor in one statement (an invite list, each address its row). */
export async function recordAudits(tx: Executor, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.insert(auditEvents).values(entries.map((entry) => auditRow(actor, entry)));
}
