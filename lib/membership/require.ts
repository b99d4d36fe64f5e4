import { and, eq } from "drizzle-orm";
import { personSub, type Actor } from "@/lib/audit/actor";
import type { Executor } from "@/lib/db/connect";
import { families, members, tenants, type FamilyRole } from "@/lib/db/schema";
import { can, type FamilyPermission } from "@/lib/auth/permissions";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { message } from "@/lib/i18n/message";

export interface ActingMembership {
  memberId: number;
  role: FamilyRole;
  familyId: number;
  tenantId: number;
  actor: Actor;
}

/**
 * The actor's active membership of this family on an active tenant, or NotFound: outsiders
 * learn nothing about families that are not theirs. With `permission`, also checks the role.
 */
export async function requireMembership(
  db: Executor,
  actor: Actor,
  familyId: number,
  permission?: FamilyPermission,
): Promise<ActingMembership> {
  const [row] = await db
    .select({ memberId: members.id, role: members.role, familyId: members.familyId, tenantId: members.tenantId })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(
      and(
        eq(members.familyId, familyId),
        eq(members.identitySub, personSub(actor)),
        eq(members.status, "active"),
        eq(families.status, "active"),
        eq(tenants.status, "active"),
      ),
    )
    // Held until the verb's transaction ends: a concurrent removal or demotion of the actor waits.
    .for("share", { of: members });
  if (!row) throw new NotFoundError(message("errors.noSuchFamily"));
  if (permission && !can(row.role, permission)) throw new ForbiddenError(message("errors.roleForbids"));
  return { ...row, actor };
}

/**
 * Who may resend or withdraw a family's invites: its members whose role allows it, and an
 * operator (who invites a new family's owner). The actor's type comes from the session's area,
 * checked by the action; here an operator only needs the family to exist.
 */
export async function requireInviteManager(db: Executor, actor: Actor, familyId: number): Promise<void> {
  // Operators and support manage any family's invites; the action's area checked which they are.
  if (actor.type !== "operator" && actor.type !== "support") {
    await requireMembership(db, actor, familyId, "invite.manage");
    return;
  }
  const [family] = await db.select({ id: families.id }).from(families).where(eq(families.id, familyId));
  if (!family) throw new NotFoundError(message("errors.noSuchFamily"));
}
