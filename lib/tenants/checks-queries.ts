import "server-only";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/lib/db/client";
import { members, tenantChecks, tenantDrift } from "@/lib/db/schema";
import type { WiringReport } from "./wiring";

/** The last wiring report and drift run of a tenant, from Postgres (the jobs keep them current). */
export async function getTenantChecks(db: Executor, tenantId: number) {
  const [row] = await db.select().from(tenantChecks).where(eq(tenantChecks.tenantId, tenantId));
  return row ? { ...row, wiring: row.wiring as WiringReport | null } : undefined;
}

export const DRIFT_PAGE_SIZE = 50;

/** Open differences, a page at a time (tenant_drift_listed_idx), with the member's name where there is one. */
export async function listOpenDrift(db: Executor, tenantId: number, page = 1) {
  const open = and(eq(tenantDrift.tenantId, tenantId), isNull(tenantDrift.resolvedAt), isNull(tenantDrift.ignoredAt));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: tenantDrift.id,
        kind: tenantDrift.kind,
        subjectKey: tenantDrift.subjectKey,
        detail: tenantDrift.detail,
        firstSeenAt: tenantDrift.firstSeenAt,
        fixRequestedAt: tenantDrift.fixRequestedAt,
        memberId: tenantDrift.memberId,
        memberName: members.displayName,
        memberEmail: members.email,
      })
      .from(tenantDrift)
      .leftJoin(members, eq(members.id, tenantDrift.memberId))
      .where(open)
      .orderBy(asc(tenantDrift.kind), asc(tenantDrift.id))
      .limit(DRIFT_PAGE_SIZE)
      .offset((Math.max(1, page) - 1) * DRIFT_PAGE_SIZE),
    db.select({ value: count() }).from(tenantDrift).where(open),
  ]);
  return { rows, total: total?.value ?? 0, page: Math.max(1, page) };
}
