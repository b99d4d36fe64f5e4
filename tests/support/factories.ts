import type { Actor } from "@/lib/audit/actor";
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Database } from "@/lib/db/connect";
import { auditEvents, families, invites, members, tenants, type FamilyRole } from "@/lib/db/schema";
import { generateInviteToken } from "@/lib/invites/tokens";

export async function createTenant(db: Database, overrides: Partial<typeof tenants.$inferInsert> = {}) {
  const slug = overrides.slug ?? `t-${randomUUID().slice(0, 8)}`;
  const [tenant] = await db
    .insert(tenants)
    .values({
      slug,
      displayName: `Tenant ${slug}`,
      immichUrl: "http://127.0.0.1:2283",
      identityGroupName: `castello-tenant-${slug}`,
      ...overrides,
    })
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
      identitySub: `sub-${id}`,
      email: `${id}@example.test`,
      displayName: `Member ${id}`,
      role: "member",
      ...overrides,
    })
    .returning();
  return member!;
}

/** Who acts, as the service verbs take it: the member's `sub` and a label. */
export const actorOf = (member: { identitySub: string; displayName: string }): Actor => ({
  type: "member",
  sub: member.identitySub,
  label: member.displayName,
});
export const operatorActor = (sub = "op", label = "Op"): Actor => ({ type: "operator", sub, label });

/** A tenant and a family with one active member of each role (4 of the tenant's seats). */
export async function createFamilyWithRoles(
  db: Database,
  overrides: { tenant?: Partial<typeof tenants.$inferInsert>; family?: Partial<typeof families.$inferInsert> } = {},
) {
  const tenant = await createTenant(db, overrides.tenant);
  const family = await createFamily(db, tenant.id, overrides.family);
  const owner = await createMember(db, family, { role: "owner", displayName: "Olga Owner" });
  const admin = await createMember(db, family, { role: "admin", displayName: "Adam Admin" });
  const member = await createMember(db, family, { role: "member", displayName: "Mia Member" });
  const guest = await createMember(db, family, { role: "guest", displayName: "Gus Guest" });
  return { tenant, family, owner, admin, member, guest };
}

/** A pending invite written directly (no jobs), with its clear token. */
export async function createInvite(
  db: Database,
  family: { id: number; tenantId: number },
  overrides: Partial<typeof invites.$inferInsert> = {},
) {
  const { token, hash } = generateInviteToken();
  const [invite] = await db
    .insert(invites)
    .values({
      tenantId: family.tenantId,
      familyId: family.id,
      email: `invitee-${randomUUID().slice(0, 8)}@example.test`,
      role: "member",
      quotaBytes: 0,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000),
      ...overrides,
    })
    .returning();
  return { invite: invite!, token };
}

/**
 * Deletes committed test tenants with their families, members, invites, outbox jobs and audit
 * rows, so that no other test file finds them (e.g. an audit row looked up by entity id).
 */
export async function deleteTenants(db: Database, tenantIds: number[]) {
  if (tenantIds.length === 0) return;
  await db.delete(auditEvents).where(inArray(auditEvents.tenantId, tenantIds));
  await db.delete(families).where(inArray(families.tenantId, tenantIds));
  await db.delete(tenants).where(inArray(tenants.id, tenantIds));
}
