import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getPartners, login, PartnerDirection } from "@immich/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { families, familyPhotoAccounts, members, outboxJobs, type Member, type Tenant } from "@/lib/db/schema";
import { addMemberToGroup } from "@/lib/members/jobs";
import { removeMember } from "@/lib/members/service";
import { credentialsOf } from "@/lib/sharing/family-accounts";
import { syncFamilyPhotos } from "@/lib/sharing/jobs";
import { changeSharingMode } from "@/lib/sharing/service";
import { registerTenant } from "@/lib/tenants/service";
import { photosClientSlug } from "@/lib/tenants/wiring";
import { wireTenant } from "@/lib/tenants/wiring-jobs";
import { AUTH_FLOW_PATH } from "@/sandbox/authentik/oidc";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { TestBrowser } from "@/sandbox/test-browser";
import { db } from "@/tests/support/db";
import { actorOf, createFamily, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { testKeyring } from "@/tests/support/keyring";
import { testPhotos } from "@/tests/support/photos";
import { startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";

const PASSWORD = "castello-sandbox";
const keyring = testKeyring();
const photos = testPhotos(keyring);
let authentik: AuthentikSandbox;
let immich: FakeImmich;
const created: number[] = [];

beforeAll(async () => {
  [authentik, immich] = await Promise.all([startAuthentikSandbox(), startFakeImmich()]);
});
afterAll(async () => {
  await deleteTenants(db, created);
  await Promise.all([authentik.server.close(), immich.close()]);
});

const context = () => ({ db, keyring, identity: authentik.identity, photos, staffGroups: [] as string[] });

async function wiredTenant(): Promise<Tenant> {
  const slug = `s-${randomUUID().slice(0, 8)}`;
  const { tenant } = await registerTenant(
    {
      actor: operatorActor(),
      input: {
        slug,
        displayName: `Shared ${slug}`,
        immichUrl: immich.url,
        immichApiKey: immich.adminApiKey,
        defaultFamilyStorageGb: 100,
        seatLimit: 6,
      },
    },
    { db, keyring, photos },
  );
  created.push(tenant.id);
  expect(await wireTenant({ tenantId: tenant.id }, context())).toEqual({ healthy: true });
  return tenant;
}

/** A person at Authentik and their member row, in the tenant's group as acceptance leaves them. */
async function person(
  family: { id: number; tenantId: number },
  role: Member["role"],
  label: string,
): Promise<Member & { username: string }> {
  const username = `${label}-${randomUUID().slice(0, 6)}`;
  const [user] = authentik.directory.seed([{ username, name: label, email: `${username}@family.test`, password: PASSWORD }]);
  const member = await createMember(db, family, {
    role,
    displayName: label,
    email: user!.email,
    identitySub: user!.uid,
    identityAccountId: String(user!.pk),
    identityOrigin: "enrollment",
  });
  await addMemberToGroup({ memberId: member.id }, context());
  return { ...member, username };
}

/** Opens Immich as the person does (a fresh browser, their own Authentik login), ending on Immich's page. */
async function openPhotos(username: string, browser = new TestBrowser()) {
  let page = await browser.open(`${immich.url}/auth/login?autoLaunch=1`);
  if (page.url.startsWith(`${authentik.server.url}${AUTH_FLOW_PATH}`))
    page = await browser.open(page.url, { uid_field: username, password: PASSWORD });
  const userId = /data-testid="user-id"[^>]*>([^<]*)</.exec(page.html)?.[1];
  const alert = /role="alert">([^<]*)</.exec(page.html)?.[1];
  return { browser, page, userId, alert };
}

async function sync(member: Member) {
  return syncFamilyPhotos({ memberId: member.id }, context());
}

async function libraryOf(familyId: number, kind: "library" | "guest" = "library") {
  const [row] = await db
    .select()
    .from(familyPhotoAccounts)
    .where(and(eq(familyPhotoAccounts.familyId, familyId), eq(familyPhotoAccounts.kind, kind)));
  return row;
}

describe("the fake Immich judges a shared library's claim mapping", () => {
  it("refuses the second member under the community's e-mail-only mapping, and accepts everyone under Castello's", async () => {
    const tenant = await wiredTenant();
    const family = await createFamily(db, tenant.id, { sharingMode: "shared_library" });
    const first = await person(family, "owner", "first");
    const second = await person(family, "member", "second");
    const shared = `family-${randomUUID().slice(0, 6)}@family.test`;
    await photos.forTenant(tenant).createUser({ email: shared, name: "Shared", quotaBytes: null });

    // The recipe passed around today: listed e-mails rewritten to one shared address, nothing else.
    const provider = [...authentik.state.providers.values()].find(
      (candidate) => candidate.name === `castello-${photosClientSlug(tenant.slug)}`,
    )!;
    const naive = await authentik.apis.propertyMappings.propertymappingsProviderScopeCreate({
      scopeMappingRequest: {
        name: `naive ${tenant.slug}`,
        scopeName: "email",
        expression: `if request.user.email in ["${first.email}", "${second.email}"]:\n    return {"email": "${shared}", "email_verified": True}\nreturn {"email": request.user.email}`,
      },
    });
    const castelloMappings = provider.propertyMappings;
    const managed = [...authentik.state.scopeMappings.values()].filter(
      (mapping) => mapping.managed && ["openid", "profile"].includes(mapping.scopeName),
    );
    provider.propertyMappings = [naive.pk, ...managed.map((mapping) => mapping.pk)];

    const one = await openPhotos(first.username);
    expect(one.alert).toBeUndefined();
    const two = await openPhotos(second.username);
    expect(two.userId).toBeUndefined();
    expect(two.alert).toBe("OAuth authentication failed");

    // Castello's mappings, and the family library written on each person by the queue's job.
    provider.propertyMappings = castelloMappings;
    for (const member of [first, second]) await sync(member);
    const third = await person(family, "admin", "third");
    await sync(third);
    const library = (await libraryOf(family.id))!;
    const landed = await Promise.all([first, second, third].map((member) => openPhotos(member.username)));
    expect(landed.map((entry) => entry.alert)).toEqual([undefined, undefined, undefined]);
    expect(new Set(landed.map((entry) => entry.userId))).toEqual(new Set([library.immichUserId]));
  });
});

describe("a family with one library", () => {
  it("lands every member in it and guests in a view-only account that sees it; a removed member loses it, devices included", async () => {
    const tenant = await wiredTenant();
    const family = await createFamily(db, tenant.id, { storageAllowanceBytes: 50 * 10 ** 9 });
    const owner = await person(family, "owner", "owner");
    const member = await person(family, "member", "member");
    const guest = await person(family, "guest", "guest");
    const ownBefore = await openPhotos(member.username);
    expect(ownBefore.alert).toBe("OAuth authentication failed"); // no Immich user yet: no auto-register

    await changeSharingMode({ actor: actorOf(owner), input: { familyId: family.id, sharingMode: "shared_library" } }, { db });
    const queued = await db
      .select({ queue: outboxJobs.queue, subjectId: outboxJobs.subjectId })
      .from(outboxJobs)
      .where(eq(outboxJobs.tenantId, tenant.id));
    expect(
      queued
        .filter((job) => job.queue === "photos.sync-family-access")
        .map((job) => Number(job.subjectId))
        .sort(),
    ).toEqual([owner.id, member.id, guest.id].sort());
    for (const each of [guest, owner, member]) await sync(each);

    const library = (await libraryOf(family.id))!;
    const guestAccount = (await libraryOf(family.id, "guest"))!;
    expect(library.email).toMatch(/\.castello\.invalid$/);
    const users = await photos.forTenant(tenant).listUsers();
    expect(users.find((user) => user.id === library.immichUserId)?.quotaBytes).toBe(50 * 10 ** 9);
    expect(users.find((user) => user.id === guestAccount.immichUserId)?.quotaBytes).toBe(0);

    const ownerSession = await openPhotos(owner.username);
    const memberSession = await openPhotos(member.username);
    expect([ownerSession.userId, memberSession.userId]).toEqual([library.immichUserId, library.immichUserId]);
    const guestSession = await openPhotos(guest.username);
    expect(guestSession.userId).toBe(guestAccount.immichUserId);
    // The guest account sees the library through Immich's partner sharing, in its timeline.
    const { accessToken } = await login(
      { loginCredentialDto: credentialsOf({ keyring }, tenant, guestAccount) },
      { baseUrl: `${immich.url}/api` },
    );
    const sharing = await getPartners(
      { direction: PartnerDirection.SharedWith },
      { baseUrl: `${immich.url}/api`, headers: { authorization: `Bearer ${accessToken}` } },
    );
    expect(sharing).toEqual([expect.objectContaining({ id: library.immichUserId, inTimeline: true })]);

    // Removal: the shared account comes off the person first, and the library's sessions end.
    await removeMember({ actor: actorOf(owner), input: { familyId: family.id, memberId: member.id } }, { db });
    await sync(member);
    const [removed] = await db.select().from(members).where(eq(members.id, member.id));
    expect(removed!.status).toBe("removed");
    const stale = await memberSession.browser.open(`${immich.url}/photos`);
    expect(stale.html).not.toContain(library.immichUserId!);
    const again = await openPhotos(member.username, memberSession.browser);
    expect(again.userId).not.toBe(library.immichUserId);
    const ownerAgain = await openPhotos(owner.username, ownerSession.browser);
    expect(ownerAgain.userId).toBe(library.immichUserId);
  });

  it("switches back to separate libraries with nothing lost, and the family library shared with each member", async () => {
    const tenant = await wiredTenant();
    const family = await createFamily(db, tenant.id, { sharingMode: "shared_library" });
    const owner = await person(family, "owner", "owner");
    const member = await person(family, "member", "member");
    for (const each of [owner, member]) await sync(each);
    const library = (await libraryOf(family.id))!;
    expect((await openPhotos(member.username)).userId).toBe(library.immichUserId);

    const switched = await changeSharingMode({ actor: actorOf(owner), input: { familyId: family.id, sharingMode: "individual" } }, { db });
    expect(switched).toMatchObject({ sharingMode: "individual", previousSharingMode: "shared_library" });
    for (const each of [owner, member]) await sync(each);
    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row!.immichUserId).toBeTruthy();
    const own = await openPhotos(member.username);
    expect(own.userId).toBe(row!.immichUserId);
    const { accessToken } = await login(
      { loginCredentialDto: credentialsOf({ keyring }, tenant, library) },
      { baseUrl: `${immich.url}/api` },
    );
    const sharedBy = await getPartners(
      { direction: PartnerDirection.SharedBy },
      { baseUrl: `${immich.url}/api`, headers: { authorization: `Bearer ${accessToken}` } },
    );
    const [ownerRow] = await db.select().from(members).where(eq(members.id, owner.id));
    expect(sharedBy.map((partner) => partner.id).sort()).toEqual([row!.immichUserId, ownerRow!.immichUserId].sort());
    // Undo: back to one library, the same one.
    await changeSharingMode({ actor: actorOf(owner), input: { familyId: family.id, sharingMode: "shared_library" } }, { db });
    await sync(member);
    expect((await openPhotos(member.username)).userId).toBe(library.immichUserId);
    const [familyRow] = await db.select().from(families).where(eq(families.id, family.id));
    expect(familyRow!.previousSharingMode).toBe("individual");
  });
});
