import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { members, outboxJobs, tenantChecks } from "@/lib/db/schema";
import { refreshLiveStatus, requestLiveStatusRefresh } from "@/lib/families/live-refresh";
import { listFamilyMembers } from "@/lib/families/queries";
import { registerTenantInput } from "@/lib/tenants/input";
import { listTenantsWithCounts } from "@/lib/tenants/queries";
import { refreshTenantOverview } from "@/lib/tenants/overview";
import { registerTenant } from "@/lib/tenants/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { db } from "@/tests/support/db";
import { createFamily, createInvite, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

/**
 * What only Authentik and Immich know (MFA, storage used, Immich's health) is read by jobs into
 * Postgres, so the family page and the operator dashboard render from Postgres alone.
 */
const keyring = testKeyring();
const photos = testPhotos(keyring);
const tenantIds: number[] = [];
let immich: FakeImmich;
let authentik: AuthentikSandbox;

beforeAll(async () => {
  immich = await startFakeImmich();
  authentik = await startAuthentikSandbox();
});
afterEach(() => authentik.faults.clear());
afterAll(async () => {
  await deleteTenants(db, tenantIds);
  await Promise.all([authentik.server.close(), immich.close()]);
});

async function tenantOnFakeImmich() {
  const input = registerTenantInput.parse({
    slug: `live-${randomUUID().slice(0, 8)}`,
    displayName: "Live status",
    immichUrl: immich.url,
    immichApiKey: immich.adminApiKey,
    defaultFamilyStorageGb: "100",
    seatLimit: "6",
  });
  const { tenant } = await registerTenant({ actor: operatorActor(), input }, { db, keyring, photos });
  tenantIds.push(tenant.id);
  return tenant;
}

async function personIn(family: { id: number; tenantId: number }, tenant: Awaited<ReturnType<typeof tenantOnFakeImmich>>, totp: boolean) {
  const email = `live-${randomUUID().slice(0, 8)}@example.test`;
  const user = authentik.directory.createUser({ username: email, name: email, email, password: "castello-sandbox-1" });
  if (totp) authentik.state.addDevice(user.pk, "totp", { name: "Phone" });
  const photosUser = await photos.forTenant(tenant).createUser({ email, name: email, quotaBytes: null });
  return createMember(db, family, { identitySub: user.uid, identityAccountId: String(user.pk), immichUserId: photosUser.id, email });
}

describe("a family's MFA states and storage used", () => {
  it("are read by the job into Postgres, and kept when Authentik cannot be asked", async () => {
    const tenant = await tenantOnFakeImmich();
    const family = await createFamily(db, tenant.id);
    const withTotp = await personIn(family, tenant, true);
    const without = await personIn(family, tenant, false);
    immich.store.setUsage(withTotp.immichUserId!, 4_096);

    const context = { db, identity: authentik.identity, photos };
    await refreshLiveStatus({ familyId: family.id }, context);
    const read = Object.fromEntries((await listFamilyMembers(db, family.id)).map((m) => [m.id, [m.mfaEnrolled, m.usageBytes]]));
    expect(read).toEqual({ [withTotp.id]: [true, 4_096], [without.id]: [false, 0] });

    // Authentik down: MFA keeps its last value, usage still refreshes, the time moves on.
    authentik.faults.add({ path: "/api/v3/authenticators/", fault: { kind: "status", status: 503 } });
    immich.store.setUsage(withTotp.immichUserId!, 8_192);
    await refreshLiveStatus({ familyId: family.id }, context);
    const [again] = await db.select().from(members).where(eq(members.id, withTotp.id));
    expect(again).toMatchObject({ mfaEnrolled: true, usageBytes: 8_192 });

    // Both down: the job fails (pg-boss retries it) and nothing is overwritten.
    authentik.faults.add({ path: "/api/", fault: { kind: "refuse" } });
    await expect(
      refreshLiveStatus(
        { familyId: family.id },
        { ...context, photos: { forTenant: () => ({ usageByUser: () => Promise.reject(new Error("down")) }) } as never },
      ),
    ).rejects.toThrow();
  });

  it("are asked for once per window from the page, and at once for someone new", async () => {
    const tenant = await tenantOnFakeImmich();
    const family = await createFamily(db, tenant.id);
    const member = await personIn(family, tenant, false);
    const jobs = () =>
      db
        .select()
        .from(outboxJobs)
        .where(eq(outboxJobs.subjectId, String(family.id)));
    const before = (await jobs()).filter((job) => job.queue === "families.refresh-live-status").length;
    const checked = [{ id: member.id, liveCheckedAt: null }];
    await requestLiveStatusRefresh(db, family, checked);
    await requestLiveStatusRefresh(db, family, checked);
    expect((await jobs()).filter((job) => job.queue === "families.refresh-live-status")).toHaveLength(before + 1);
  });
});

describe("the operator dashboard's tenant overview", () => {
  it("shows the health recorded at registration, then the counts and pings of the minute job", async () => {
    const tenant = await tenantOnFakeImmich();
    let [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row).toMatchObject({ photosHealth: { reachable: true, version: expect.any(String) }, countedAt: null, families: 0 });

    const family = await createFamily(db, tenant.id);
    await createMember(db, family);
    await createInvite(db, family);
    await createInvite(db, family, { expiresAt: new Date(Date.now() + 60_000), status: "revoked" });
    // Not counted yet: the live count stands in.
    [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row).toMatchObject({ families: 1, members: 1, pendingInvites: 1 });

    await refreshTenantOverview({}, { db, photos });
    [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row).toMatchObject({ families: 1, members: 1, pendingInvites: 1, countedAt: expect.any(Date) });

    // The counts are the job's: a new family shows at the next count.
    await createFamily(db, tenant.id);
    [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row!.families).toBe(1);
    await refreshTenantOverview({}, { db, photos });
    [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row!.families).toBe(2);

    // A tenant whose Immich does not answer is recorded as unreachable, with why.
    await db
      .update(tenantChecks)
      .set({ photosHealth: null })
      .where(inArray(tenantChecks.tenantId, [tenant.id]));
    await immich.close();
    immich = await startFakeImmich();
    await refreshTenantOverview({}, { db, photos });
    [row] = (await listTenantsWithCounts(db)).filter((entry) => entry.id === tenant.id);
    expect(row!.photosHealth).toMatchObject({ reachable: false });
  });
});
