import { eq } from "drizzle-orm";
import { families, invites, members, tenants } from "@/lib/db/schema";
import type { JobContext } from "./context";

/** A member with its family and tenant, as handlers need them; undefined once gone. */
export async function loadMember(context: JobContext, memberId: number) {
  const [row] = await context.db
    .select({ member: members, family: families, tenant: tenants })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(eq(members.id, memberId));
  return row;
}

export async function loadInvite(context: JobContext, inviteId: number) {
  const [row] = await context.db
    .select({ invite: invites, family: families, tenant: tenants })
    .from(invites)
    .innerJoin(families, eq(families.id, invites.familyId))
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .where(eq(invites.id, inviteId));
  return row;
}
