import { eq } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";
import { supportSuspensions } from "@/lib/db/schema";

/** Support suspended this person: nothing a family does switches their account back on. */
export async function isSuspended(db: Executor, sub: string): Promise<boolean> {
  const [row] = await db
    .select({ sub: supportSuspensions.identitySub })
    .from(supportSuspensions)
    .where(eq(supportSuspensions.identitySub, sub));
  return !!row;
}
