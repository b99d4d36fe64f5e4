import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { families, invites, tenants } from "@/lib/db/schema";

/** An invite with its family and tenant, as its jobs need them; undefined once gone. */
export async function loadInvite(db: Executor, inviteId: number) {
  const [row] = await db
    .select({ invite: invites, family: families, tenant: tenants })
    .from(invites)
    .innerJoin(families, eq(families.id, invites.familyId))
    .innerJoin(tenants, eq(tenants.id, invites.tenantId))
    .where(eq(invites.id, inviteId));
  return row;
}
