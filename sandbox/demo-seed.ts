import { and, eq } from "drizzle-orm";
import { createDatabase } from "../lib/db/connect";
import { families, members, outboxJobs, tenants } from "../lib/db/schema";
import { encryptSecret, type Keyring } from "../lib/crypto/secret-box";
import { tenantKeyContext } from "../lib/tenants/key-context";
import type { Directory } from "./authentik/directory";

const GB = 1_000_000_000;

export interface DemoSeedOptions {
  directory: Directory;
  immichUrl: string;
  /** The fake Immich's admin key: new at every start, so the tenant's sealed key is refreshed. */
  immichApiKey: string;
  keyring: Keyring;
}

/** The demo `npm run dev` shows: a tenant on the fake Immich with one family, owned by the sandbox user `clara`. */
export async function seedDemo(databaseUrl: string, { directory, immichUrl, immichApiKey, keyring }: DemoSeedOptions): Promise<void> {
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
          immichUrl,
          immichApiKeyEncrypted: encryptSecret(keyring, immichApiKey, tenantKeyContext("demo")),
          authentikGroupName: "castello-tenant-demo",
          defaultFamilyStorageBytes: 200 * GB,
          seatLimit: 6,
        })
        .onConflictDoUpdate({
          target: tenants.slug,
          set: { immichUrl, immichApiKeyEncrypted: encryptSecret(keyring, immichApiKey, tenantKeyContext("demo")), authentikGroupId: null, updatedAt: new Date() },
        })
        .returning();
      // The fake Authentik starts empty each time: queue the tenant's group again.
      await tx.insert(outboxJobs).values({
        queue: "authentik.ensure-tenant-group",
        payload: { tenantId: tenant!.id },
        dedupeKey: `authentik.ensure-tenant-group:tenant:${tenant!.id}:dev-start-${Date.now()}`,
        subjectType: "tenant",
        subjectId: String(tenant!.id),
        tenantId: tenant!.id,
      });
      const [existing] = await tx
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.tenantId, tenant!.id), eq(members.authentikSub, owner.uid)));
      let ownerId = existing?.id;
      if (!ownerId) {
        const [family] = await tx
          .insert(families)
          .values({ tenantId: tenant!.id, name: "Rossi family", storageAllowanceBytes: 200 * GB })
          .returning();
        const [member] = await tx
          .insert(members)
          .values({
            tenantId: tenant!.id,
            familyId: family!.id,
            authentikSub: owner.uid,
            authentikUserPk: owner.pk,
            email: owner.email,
            displayName: owner.name,
            role: "owner",
            quotaBytes: 100 * GB,
          })
          .returning();
        ownerId = member!.id;
      }
      // The fakes start empty each time: Clara's group membership and Immich account are made again.
      await tx.update(members).set({ immichUserId: null }).where(eq(members.id, ownerId));
      for (const queue of ["authentik.add-member-to-group", "immich.provision-user"]) {
        await tx.insert(outboxJobs).values({
          queue,
          payload: { memberId: ownerId },
          dedupeKey: `${queue}:member:${ownerId}:dev-start-${Date.now()}`,
          subjectType: "member",
          subjectId: String(ownerId),
          tenantId: tenant!.id,
        });
      }
    });
  } finally {
    await close();
  }
}
