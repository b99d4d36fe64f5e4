import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/connect";
import { families, members, tenants, type FamilyRole } from "@/lib/db/schema";

export async function createTenant(db: Database, overrides: Partial<typeof tenants.$inferInsert> = {}) {
  const slug = overrides.slug ?? `t-${randomUUID().slice(0, 8)}`;
  const [tenant] = await db
    .insert(tenants)
    .values({ slug, displayName: `Tenant ${slug}`, immichUrl: "http://127.0.0.1:2283", authentikGroupName: `castello-tenant-${slug}`, ...overrides })
    .returning();
  return tenant!;
}

export async function createFamily(db: Database, tenantId: number, overrides: Partial<typeof families.$inferInsert> = {}) {
  const [family] = await db
    .insert(families)
    .values({ tenantId, name: `Family ${randomUUID().slice(0, 6)}`, storageAllowanceBytes: 10 ** 11, ...overrides })
    .returning();
  return family!;
}

export async function createMember(
  db: Database,
  family: { id: number; tenantId: number },
  overrides: Partial<typeof members.$inferInsert> & { role?: FamilyRole } = {},
) {
  const id = randomUUID().slice(0, 8);
  const [member] = await db
    .insert(members)
    .values({
      tenantId: family.tenantId,
      familyId: family.id,
      authentikSub: `sub-${id}`,
      email: `${id}@example.test`,
      displayName: `Member ${id}`,
      role: "member",
      ...overrides,
    })
    .returning();
  return member!;
}
