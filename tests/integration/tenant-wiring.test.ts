import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@immich/sdk";
import { auditEvents, outboxJobs, tenantChecks, tenantDrift, tenants, type Tenant } from "@/lib/db/schema";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { addMemberToGroup, updatePhotosQuota } from "@/lib/members/jobs";
import { checkTenantDrift, removeStrayGroupMember } from "@/lib/tenants/drift-jobs";
import { fixDrift, ignoreDrift } from "@/lib/tenants/drift-service";
import { registerTenant } from "@/lib/tenants/service";
import { photosClientSlug, wiringIsHealthy, type WiringReport } from "@/lib/tenants/wiring";
import { checkTenantWiring, wireTenant } from "@/lib/tenants/wiring-jobs";
import { repairTenantWiring } from "@/lib/tenants/wiring-service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { db } from "@/tests/support/db";
import { createFamily, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

const keyring = testKeyring();
const photos = testPhotos(keyring);
let authentik: AuthentikSandbox;
let immich: FakeImmich;
const created: number[] = [];
const immichs: FakeImmich[] = [];

beforeAll(async () => {
  [authentik, immich] = await Promise.all([startAuthentikSandbox(), startFakeImmich()]);
});
afterAll(async () => {
  await deleteTenants(db, created);
  await Promise.all([authentik.server.close(), immich.close(), ...immichs.map((server) => server.close())]);
});

const context = () => ({ db, keyring, identity: authentik.identity, photos, staffGroups: [] as string[] });

async function newTenant(server: FakeImmich = immich): Promise<Tenant> {
  const slug = `w-${randomUUID().slice(0, 8)}`;
  const { tenant } = await registerTenant(
    {
      actor: operatorActor(),
      input: {
        slug,
        displayName: `Wired ${slug}`,
        immichUrl: server.url,
        immichApiKey: server.adminApiKey,
        defaultFamilyStorageGb: 10 ** 11,
        seatLimit: 6,
      },
    },
    { db, keyring, photos },
  );
  created.push(tenant.id);
  return tenant;
}

async function report(tenantId: number): Promise<WiringReport> {
  const [row] = await db.select().from(tenantChecks).where(eq(tenantChecks.tenantId, tenantId));
  return row!.wiring as WiringReport;
}

async function reload(tenantId: number): Promise<Tenant> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return row!;
}

describe("wiring a tenant's sign-in", () => {
  it("is queued when the tenant is registered", async () => {
    const tenant = await newTenant();
    const queued = await db
      .select({ queue: outboxJobs.queue })
      .from(outboxJobs)
      .where(eq(outboxJobs.subjectId, String(tenant.id)));
    expect(queued.map((job) => job.queue).sort()).toEqual(["identity.ensure-tenant-group", "tenant.wire-sign-in"]);
  });

  it("creates the provider, the application bound to the tenant's group, and Immich's OAuth settings", async () => {
    const tenant = await newTenant();
    expect(await wireTenant({ tenantId: tenant.id }, context())).toEqual({ healthy: true });

    const wired = await reload(tenant.id);
    expect(wired.immichOauthClientId).toMatch(/^[0-9a-f]{40}$/);
    const secret = decryptSecret(keyring, wired.immichOauthClientSecretEncrypted!, `tenant:${wired.slug}:immich-oauth-client-secret`);
    expect(secret.length).toBeGreaterThanOrEqual(60);

    const slug = photosClientSlug(tenant.slug);
    const application = await authentik.apis.core.coreApplicationsRetrieve({ slug });
    expect(application.metaLaunchUrl).toBe(`${immich.url}/auth/login?autoLaunch=1`);
    const provider = await authentik.apis.providers.providersOauth2Retrieve({ id: application.provider! });
    expect(provider).toMatchObject({ clientType: "confidential", clientId: wired.immichOauthClientId, clientSecret: secret });
    expect(provider.redirectUris.map((uri) => [uri.url, uri.matchingMode])).toEqual([
      ["app.immich:///oauth-callback", "strict"],
      [`${immich.url}/auth/login`, "strict"],
      [`${immich.url}/user-settings`, "strict"],
    ]);
    expect(provider.signingKey).toBeTruthy();
    const bindings = await authentik.apis.policies.policiesBindingsList({ target: application.pk });
    expect(bindings.results.map((binding) => binding.group)).toEqual([wired.identityGroupId]);

    const { oauth } = await getConfig({ baseUrl: `${immich.url}/api`, headers: { "x-api-key": immich.adminApiKey } });
    expect(oauth).toMatchObject({
      enabled: true,
      issuerUrl: `${authentik.server.url}/application/o/${slug}/`,
      clientId: wired.immichOauthClientId,
      clientSecret: secret,
      scope: "openid email profile",
      signingAlgorithm: "RS256",
      autoRegister: false,
      autoLaunch: true,
      allowInsecureRequests: true,
    });
    expect(wiringIsHealthy(await report(tenant.id))).toBe(true);

    // Run again, it changes nothing and makes no second provider or binding.
    await wireTenant({ tenantId: tenant.id }, context());
    expect((await authentik.apis.providers.providersOauth2List({ name: provider.name })).results).toHaveLength(1);
    expect((await authentik.apis.policies.policiesBindingsList({ target: application.pk })).results).toHaveLength(1);
    expect((await reload(tenant.id)).immichOauthClientId).toBe(wired.immichOauthClientId);
  });

  it("shows a broken redirect URI as a difference, and Repair puts it right, audited", async () => {
    const tenant = await newTenant();
    await wireTenant({ tenantId: tenant.id }, context());
    const application = await authentik.apis.core.coreApplicationsRetrieve({ slug: photosClientSlug(tenant.slug) });
    await authentik.apis.providers.providersOauth2PartialUpdate({
      id: application.provider!,
      patchedOAuth2ProviderRequest: { redirectUris: [{ url: `${immich.url}/auth/login-broken`, matchingMode: "strict" }] },
    });
    await checkTenantWiring({ tenantId: tenant.id }, context());
    const broken = (await report(tenant.id)).items.find((item) => item.key === "redirectUris")!;
    expect(broken.status).toBe("differs");
    expect(broken.differences).toContainEqual({ field: "redirectUri", expected: "—", found: `${immich.url}/auth/login-broken` });

    await repairTenantWiring({ actor: operatorActor("op-1", "Olivia"), tenantId: tenant.id }, { db });
    const [job] = await db
      .select()
      .from(outboxJobs)
      .where(and(eq(outboxJobs.subjectId, String(tenant.id)), eq(outboxJobs.queue, "tenant.wire-sign-in")))
      .orderBy(outboxJobs.createdAt);
    expect(job).toBeDefined();
    const repairs = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, String(tenant.id)), eq(auditEvents.action, "tenant.wiring.repair")));
    expect(repairs).toEqual([expect.objectContaining({ actorSub: "op-1", actorType: "operator" })]);
    await wireTenant({ tenantId: tenant.id }, context());
    expect(wiringIsHealthy(await report(tenant.id))).toBe(true);
  });

  it("says so, without failing, when Immich does not answer", async () => {
    const tenant = await newTenant();
    await wireTenant({ tenantId: tenant.id }, context());
    await db.update(tenants).set({ immichUrl: "http://127.0.0.1:9" }).where(eq(tenants.id, tenant.id));
    await checkTenantWiring({ tenantId: tenant.id }, context());
    const found = await report(tenant.id);
    expect(found.unreachable).toEqual(["photos"]);
    expect(found.items.find((item) => item.key === "photosOAuth")!.status).toBe("unknown");
  });
});

describe("drift", () => {
  /** Each tenant has its own Immich, as in production: a shared fake would show the others' users as unknown. */
  async function driftedTenant() {
    const own = await startFakeImmich();
    immichs.push(own);
    const tenant = await newTenant(own);
    await wireTenant({ tenantId: tenant.id }, context());
    const wired = await reload(tenant.id);
    const family = await createFamily(db, tenant.id);
    const joined = new Date(Date.now() - 24 * 3600_000);
    const people = [];
    for (let i = 0; i < 3; i += 1) {
      const email = `drift-${randomUUID().slice(0, 6)}@example.test`;
      const account = authentik.directory.createUser({ username: email, name: `Person ${i}`, email, path: "users" });
      account.groupIds.add(wired.identityGroupId!);
      const user = own.store.insertUser({ email, name: `Person ${i}`, quotaSizeInBytes: 1000 });
      people.push(
        await createMember(db, family, {
          email,
          identitySub: account.uid,
          identityAccountId: String(account.pk),
          immichUserId: user.id,
          quotaBytes: 1000,
          joinedAt: joined,
        }),
      );
    }
    return { tenant: wired, people, immich: own };
  }

  async function openDrift(tenantId: number) {
    return db
      .select()
      .from(tenantDrift)
      .where(and(eq(tenantDrift.tenantId, tenantId), isNull(tenantDrift.resolvedAt)));
  }

  it("finds a member taken out of the group by hand, and the fix adds them back", async () => {
    const { tenant, people } = await driftedTenant();
    const first = await checkTenantDrift({ tenantId: tenant.id }, context());
    expect(first).toMatchObject({ findings: 0, members: 3 });

    authentik.directory.getUser(Number(people[0]!.identityAccountId))!.groupIds.delete(tenant.identityGroupId!);
    await checkTenantDrift({ tenantId: tenant.id }, context());
    const [finding] = await openDrift(tenant.id);
    expect(finding).toMatchObject({ kind: "group_member_missing", memberId: people[0]!.id });

    await fixDrift({ actor: operatorActor(), tenantId: tenant.id, driftId: finding!.id }, { db });
    const [job] = await db
      .select()
      .from(outboxJobs)
      .where(and(eq(outboxJobs.subjectId, String(people[0]!.id)), eq(outboxJobs.queue, "identity.add-member-to-group")));
    expect(job).toBeDefined();
    await addMemberToGroup({ memberId: people[0]!.id }, context());
    await checkTenantDrift({ tenantId: tenant.id }, context());
    expect(await openDrift(tenant.id)).toEqual([]);
    const [resolved] = await db.select().from(tenantDrift).where(eq(tenantDrift.id, finding!.id));
    expect(resolved!.resolvedAt).not.toBeNull();
  });

  it("finds a quota changed in Immich, a stray in the group and an Immich user Castello did not make", async () => {
    const { tenant, people, immich } = await driftedTenant();
    immich.store.updateUser(people[1]!.immichUserId!, { quotaSizeInBytes: 5 });
    const stray = authentik.directory.createUser({
      username: `stray-${randomUUID().slice(0, 6)}`,
      name: "Stray",
      email: "s@x.test",
      path: "users",
    });
    stray.groupIds.add(tenant.identityGroupId!);
    const own = immich.store.insertUser({ email: `own-${randomUUID().slice(0, 6)}@example.test`, name: "Operator's own" });
    await checkTenantDrift({ tenantId: tenant.id }, context());
    const found = await openDrift(tenant.id);
    expect(found.map((row) => row.kind).sort()).toEqual(["group_member_unknown", "photos_user_unknown", "quota_differs"]);

    const byKind = Object.fromEntries(found.map((row) => [row.kind, row]));
    await fixDrift({ actor: operatorActor(), tenantId: tenant.id, driftId: byKind.quota_differs!.id }, { db });
    await updatePhotosQuota({ memberId: people[1]!.id }, context());
    await fixDrift({ actor: operatorActor(), tenantId: tenant.id, driftId: byKind.group_member_unknown!.id }, { db });
    await removeStrayGroupMember({ tenantId: tenant.id, accountId: String(stray.pk) }, context());
    expect(stray.groupIds.has(tenant.identityGroupId!)).toBe(false);
    await expect(
      fixDrift({ actor: operatorActor(), tenantId: tenant.id, driftId: byKind.photos_user_unknown!.id }, { db }),
    ).rejects.toMatchObject({ name: "ConflictError" });
    await ignoreDrift({ actor: operatorActor(), tenantId: tenant.id, driftId: byKind.photos_user_unknown!.id }, { db });

    await checkTenantDrift({ tenantId: tenant.id }, context());
    const left = await openDrift(tenant.id);
    expect(left.map((row) => [row.kind, !!row.ignoredAt])).toEqual([["photos_user_unknown", true]]);
    expect(immich.store.getUser(own.id)).toBeDefined(); // never deleted
    const fixes = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, String(tenant.id)), eq(auditEvents.action, "tenant.drift.fix")));
    expect(fixes.length).toBeGreaterThanOrEqual(3);
  });

  it("runs once at a time per tenant", async () => {
    const { tenant } = await driftedTenant();
    // The first run waits on Authentik while the second one starts.
    authentik.faults.add({ path: "/api/v3/core/users/", fault: { kind: "delay", ms: 800 }, times: 1 });
    const [first, second] = await Promise.all([
      checkTenantDrift({ tenantId: tenant.id }, context()),
      checkTenantDrift({ tenantId: tenant.id }, context()),
    ]);
    expect([first, second]).toContainEqual({ skipped: "another run is under way" });
  });

  it("ends a run whose system is down with the reason, and changes nothing", async () => {
    const { tenant } = await driftedTenant();
    authentik.faults.add({ path: "/api/v3/core/users/", fault: { kind: "status", status: 503, body: { detail: "down" } }, times: 10 });
    const result = await checkTenantDrift({ tenantId: tenant.id }, context());
    authentik.faults.clear();
    expect(result).toHaveProperty("skipped");
    const [checks] = await db.select().from(tenantChecks).where(eq(tenantChecks.tenantId, tenant.id));
    expect(checks!.driftError).toMatch(/authentik/i);
    expect(await openDrift(tenant.id)).toEqual([]);
  });
});
