import { and, eq } from "drizzle-orm";
import { createDatabase } from "../../lib/db/connect";
import { families, members, tenants } from "../../lib/db/schema";
import type { Directory } from "./authentik/directory";

const GB = 1_000_000_000;

/** The demo `npm run dev` shows: a tenant with one family, whose owner is the sandbox user `clara`. */
export async function seedDemo(databaseUrl: string, directory: Directory): Promise<void> {
  const owner = directory.findUserByUsername("clara");
  if (!owner) throw new Error("sandbox user clara is missing");
  const { db, close } = createDatabase(databaseUrl, { max: 1 });
  try {
    await db.transaction(async (tx) => {
      const [tenant] = await tx
        .insert(tenants)
        .values({
          slug: "demo",
          displayName: "Demo Photos",
          immichUrl: "http://127.0.0.1:2283",
          authentikGroupName: "castello-tenant-demo",
          defaultFamilyStorageBytes: 200 * GB,
          seatLimit: 6,
        })
        .onConflictDoUpdate({ target: tenants.slug, set: { updatedAt: new Date() } })
        .returning();
      const existing = await tx
        .select({ familyId: members.familyId })
        .from(members)
        .where(and(eq(members.tenantId, tenant!.id), eq(members.authentikSub, owner.uid)));
      if (existing.length > 0) return;
      const [family] = await tx
        .insert(families)
        .values({ tenantId: tenant!.id, name: "Rossi family", storageAllowanceBytes: 200 * GB })
        .returning();
      await tx.insert(members).values({
        tenantId: tenant!.id,
        familyId: family!.id,
        authentikSub: owner.uid,
        authentikUserPk: owner.pk,
        email: owner.email,
        displayName: owner.name,
        role: "owner",
        quotaBytes: 100 * GB,
      });
    });
  } finally {
    await close();
  }
}
