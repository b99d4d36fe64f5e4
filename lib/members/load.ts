import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { families, members, tenants } from "@/lib/db/schema";

/** A member with its family and tenant, as its jobs need them; undefined once gone. */
export async function loadMember(db: Executor, memberId: number) {
  const [row] = await db
    .select({ member: members, family: families, tenant: tenants })
    .from(members)
    .innerJoin(families, eq(families.id, members.familyId))
    .innerJoin(tenants, eq(tenants.id, members.tenantId))
    .where(eq(members.id, memberId));
  return row;
}
