import {
  createApiKey,
  createUserAdmin,
  deleteApiKey,
  deleteUserAdmin,
  getAboutInfo,
  getApiKeys,
  getMyApiKey,
  getServerStatistics,
  getServerVersion,
  getUserAdmin,
  isHttpError,
  login,
  logout,
  Permission,
  pingServer,
  restoreUserAdmin,
  searchUsersAdmin,
  signUpAdmin,
  updateUserAdmin,
  UserStatus,
} from "@immich/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeImmich, type FakeImmich } from "./server";

const USER_ADMIN_FIELDS = [
  "avatarColor",
  "clusterGroupId",
  "createdAt",
  "deletedAt",
  "email",
  "id",
  "isAdmin",
  "license",
  "name",
  "oauthId",
  "profileChangedAt",
  "profileImagePath",
  "quotaSizeInBytes",
  "quotaUsageInBytes",
  "shouldChangePassword",
  "status",
  "storageLabel",
  "updatedAt",
];

let immich: FakeImmich;
let userCount = 0;

const api = (key = immich.adminApiKey) => ({ baseUrl: `${immich.url}/api`, headers: key ? { "x-api-key": key } : {} });
const bearer = (token: string) => ({ baseUrl: `${immich.url}/api`, headers: { authorization: `Bearer ${token}` } });

/** The HTTP failure of an SDK call: its status and Immich's error body. */
async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await call;
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, data: error.data };
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The network failure of an SDK call (fetch's TypeError carries the socket error as its cause). */
async function networkFailure(call: Promise<unknown>): Promise<{ name: string; code?: string }> {
  try {
    await call;
  } catch (error) {
    const { name, cause } = error as { name: string; cause?: { code?: string } };
    return { name, code: cause?.code };
  }
  throw new Error("expected the call to fail");
}

function newUser(overrides: Partial<{ email: string; name: string; password: string; quotaSizeInBytes: number | null }> = {}) {
  userCount += 1;
  const userAdminCreateDto = {
    email: `person${userCount}@example.com`,
    name: `Person ${userCount}`,
    password: "correct horse",
    ...overrides,
  };
  return createUserAdmin({ userAdminCreateDto }, api());
}

beforeAll(async () => {
  immich = await startFakeImmich();
});

afterAll(async () => {
  await immich.close();
});

describe("server", () => {
  it("answers ping and version without credentials", async () => {
    await expect(pingServer(api(""))).resolves.toEqual({ res: "pong" });
    await expect(getServerVersion(api(""))).resolves.toEqual({ major: 3, minor: 2, patch: 2, prerelease: null });
  });

  it("needs credentials and server.about for about", async () => {
    expect(await failure(getAboutInfo(api("")))).toEqual({ status: 401, data: { message: "Authentication required" } });
    const about = await getAboutInfo(api());
    expect(about).toMatchObject({
      version: "v3.2.2",
      versionUrl: "https://github.com/immich-app/immich/releases/tag/v3.2.2",
      licensed: false,
    });
    await expect(getAboutInfo(api(immich.createApiKey([Permission.ServerAbout])))).resolves.toMatchObject({ version: "v3.2.2" });
  });

  it("reports usage per user in the statistics, from what the store says was stored", async () => {
    const user = await newUser({ quotaSizeInBytes: 10_000 });
    immich.store.setUsage(user.id, 4_096, { photos: 3, videos: 1, usagePhotos: 3_000, usageVideos: 1_096 });

    const stats = await getServerStatistics(api());
    const row = stats.usageByUser.find((entry) => entry.userId === user.id);
    expect(row).toEqual({
      userId: user.id,
      userName: user.name,
      photos: 3,
      videos: 1,
      usage: 4_096,
      usagePhotos: 3_000,
      usageVideos: 1_096,
      quotaSizeInBytes: 10_000,
    });
    expect(stats.usage).toBe(stats.usageByUser.reduce((sum, entry) => sum + entry.usage, 0));
    expect((await getUserAdmin({ id: user.id }, api())).quotaUsageInBytes).toBe(4_096);
  });

  it("sets usage through the HTTP control endpoint too", async () => {
    const user = await newUser();
    const response = await fetch(`${immich.url}/-/sandbox/usage`, {
      method: "POST",
      body: JSON.stringify({ userId: user.id, bytes: 123 }),
    });
    expect(response.status).toBe(204);
    expect((await getUserAdmin({ id: user.id }, api())).quotaUsageInBytes).toBe(123);
  });

  it("answers an unknown route as Nest does, with a correlation id header", async () => {
    const response = await fetch(`${immich.url}/api/nope?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "Cannot GET /api/nope?x=1" });
    expect(response.headers.get("x-correlation-id")).toMatch(/\S+/);
  });
});

describe("admin users", () => {
  it("creates a user with every field of UserAdminResponseDto and Immich's defaults", async () => {
    const user = await createUserAdmin(
      { userAdminCreateDto: { email: "Alice@Example.COM", name: "Alice", password: "secret-pass", storageLabel: "al.ice" } },
      api(),
    );
    expect(Object.keys(user).sort()).toEqual(USER_ADMIN_FIELDS);
    expect(user).toMatchObject({
      email: "alice@example.com",
      name: "Alice",
      isAdmin: false,
      shouldChangePassword: true,
      storageLabel: "alice",
      quotaSizeInBytes: null,
      quotaUsageInBytes: 0,
      oauthId: "",
      profileImagePath: "",
      status: UserStatus.Active,
      deletedAt: null,
      license: null,
    });
    expect(new Date(user.createdAt).toISOString()).toBe(user.createdAt);
  });

  it("keeps the quota as given: null is unlimited, 0 is no uploads", async () => {
    const unlimited = await newUser({ quotaSizeInBytes: null });
    const none = await newUser({ quotaSizeInBytes: 0 });
    expect((await getUserAdmin({ id: unlimited.id }, api())).quotaSizeInBytes).toBeNull();
    expect((await getUserAdmin({ id: none.id }, api())).quotaSizeInBytes).toBe(0);
  });

  it("refuses a second user with the same e-mail, whatever its case", async () => {
    await newUser({ email: "dup@example.com" });
    expect(await failure(newUser({ email: "DUP@example.com" }))).toEqual({ status: 400, data: { message: "User exists" } });
  });

  it("refuses invalid input with Immich's Zod validation errors", async () => {
    const result = await failure(
      createUserAdmin({ userAdminCreateDto: { email: "not-an-email", name: "X", password: "p", quotaSizeInBytes: -1 } }, api()),
    );
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({
      message: "Validation failed",
      errors: [
        { code: "invalid_format", path: ["email"], message: "Invalid email address" },
        { code: "too_small", path: ["quotaSizeInBytes"] },
      ],
    });
    expect(await failure(getUserAdmin({ id: "not-a-uuid" }, api()))).toMatchObject({
      status: 400,
      data: { message: "Validation failed", errors: [{ path: ["id"], message: "Invalid UUID" }] },
    });
  });

  it("searches, gets and updates", async () => {
    const user = await newUser();
    const all = await searchUsersAdmin({}, api());
    expect(all.map((entry) => entry.id)).toContain(user.id);
    expect(all[0]!.createdAt >= all.at(-1)!.createdAt).toBe(true);
    expect(await searchUsersAdmin({ id: user.id }, api())).toEqual([user]);

    const updated = await updateUserAdmin(
      { id: user.id, userAdminUpdateDto: { name: "Renamed", quotaSizeInBytes: 5_000, shouldChangePassword: false } },
      api(),
    );
    expect(updated).toMatchObject({
      id: user.id,
      name: "Renamed",
      quotaSizeInBytes: 5_000,
      shouldChangePassword: false,
      email: user.email,
    });
    expect(await getUserAdmin({ id: user.id }, api())).toEqual(updated);

    await updateUserAdmin({ id: user.id, userAdminUpdateDto: { quotaSizeInBytes: null } }, api());
    expect((await getUserAdmin({ id: user.id }, api())).quotaSizeInBytes).toBeNull();

    expect(await failure(getUserAdmin({ id: crypto.randomUUID() }, api()))).toEqual({ status: 400, data: { message: "User not found" } });
  });

  it("refuses an update to an e-mail another user has", async () => {
    const first = await newUser();
    const second = await newUser();
    expect(await failure(updateUserAdmin({ id: second.id, userAdminUpdateDto: { email: first.email.toUpperCase() } }, api()))).toEqual({
      status: 400,
      data: { message: "Email already in use by another account" },
    });
    await expect(updateUserAdmin({ id: second.id, userAdminUpdateDto: { email: second.email } }, api())).resolves.toMatchObject({
      email: second.email,
    });
  });

  it("soft-deletes a user, hides it from the default search, and restores it", async () => {
    const user = await newUser();
    const deleted = await deleteUserAdmin({ id: user.id, userAdminDeleteDto: {} }, api());
    expect(deleted).toMatchObject({ id: user.id, status: UserStatus.Deleted });
    expect(deleted.deletedAt).not.toBeNull();

    expect((await searchUsersAdmin({}, api())).map((entry) => entry.id)).not.toContain(user.id);
    expect((await searchUsersAdmin({ withDeleted: true }, api())).map((entry) => entry.id)).toContain(user.id);
    await expect(getUserAdmin({ id: user.id }, api())).resolves.toMatchObject({ status: UserStatus.Deleted });
    expect(await failure(updateUserAdmin({ id: user.id, userAdminUpdateDto: { name: "x" } }, api()))).toEqual({
      status: 400,
      data: { message: "User not found" },
    });

    const restored = await restoreUserAdmin({ id: user.id }, api());
    expect(restored).toMatchObject({ id: user.id, status: UserStatus.Active, deletedAt: null });
    expect((await searchUsersAdmin({}, api())).map((entry) => entry.id)).toContain(user.id);
  });

  it("answers 500 for the e-mail of a soft-deleted user, as Immich's unique index does", async () => {
    const user = await newUser();
    await deleteUserAdmin({ id: user.id, userAdminDeleteDto: {} }, api());
    expect(await failure(newUser({ email: user.email }))).toEqual({ status: 500, data: { message: "Internal server error" } });
  });

  it("force-deletes a user: answered as removing, then gone", async () => {
    const user = await newUser();
    const removed = await deleteUserAdmin({ id: user.id, userAdminDeleteDto: { force: true } }, api());
    expect(removed).toMatchObject({ id: user.id, status: UserStatus.Removing });
    expect(await failure(getUserAdmin({ id: user.id }, api()))).toEqual({ status: 400, data: { message: "User not found" } });
    expect(await failure(restoreUserAdmin({ id: user.id }, api()))).toEqual({ status: 400, data: { message: "User not found" } });
  });

  it("does not let an admin delete their own account", async () => {
    expect(await failure(deleteUserAdmin({ id: immich.admin!.id, userAdminDeleteDto: {} }, api()))).toEqual({
      status: 403,
      data: { message: "Cannot delete your own account" },
    });
  });

  it("keeps the OAuth id of a user, for linking by sub", async () => {
    const user = await newUser();
    immich.store.updateUser(user.id, { oauthId: "authentik-sub-123" });
    expect((await getUserAdmin({ id: user.id }, api())).oauthId).toBe("authentik-sub-123");
    expect(immich.store.findUserByOAuthId("authentik-sub-123")?.id).toBe(user.id);
  });
});

describe("authentication and permissions", () => {
  it("answers 401 without a key and with an unknown key", async () => {
    expect(await failure(searchUsersAdmin({}, api("")))).toEqual({ status: 401, data: { message: "Authentication required" } });
    expect(await failure(searchUsersAdmin({}, api("wrong")))).toEqual({ status: 401, data: { message: "Invalid API key" } });
  });

  it("answers 403 for a key without the endpoint's permission", async () => {
    const key = immich.createApiKey([Permission.AdminUserRead]);
    await expect(searchUsersAdmin({}, api(key))).resolves.toBeInstanceOf(Array);
    expect(await failure(newUserWith(key))).toEqual({ status: 403, data: { message: "Missing required permission: adminUser.create" } });
    expect(await failure(getServerStatistics(api(key)))).toEqual({
      status: 403,
      data: { message: "Missing required permission: server.statistics" },
    });
  });

  it("answers 403 Forbidden on admin routes for a non-admin owner, even with `all`", async () => {
    const key = immich.createApiKey([Permission.All], { ownerIsAdmin: false });
    expect(await failure(searchUsersAdmin({}, api(key)))).toEqual({ status: 403, data: { message: "Forbidden" } });
    expect(await failure(getServerStatistics(api(key)))).toEqual({ status: 403, data: { message: "Forbidden" } });
    await expect(getAboutInfo(api(key))).resolves.toMatchObject({ version: "v3.2.2" });
  });

  it("stops accepting the keys of a deleted user", async () => {
    const user = await newUser({ password: "member-pass" });
    const session = await login({ loginCredentialDto: { email: user.email, password: "member-pass" } }, api(""));
    const { secret } = await createApiKey({ apiKeyCreateDto: { permissions: [Permission.All] } }, bearer(session.accessToken));
    await deleteUserAdmin({ id: user.id, userAdminDeleteDto: {} }, api());
    expect(await failure(getMyApiKey(api(secret)))).toEqual({ status: 401, data: { message: "Invalid API key" } });
    expect(await failure(getApiKeys(bearer(session.accessToken)))).toEqual({ status: 401, data: { message: "Invalid user token" } });
  });

  function newUserWith(key: string) {
    return createUserAdmin({ userAdminCreateDto: { email: "nobody@example.com", name: "Nobody", password: "x" } }, api(key));
  }
});

describe("login and sessions", () => {
  it("logs in with e-mail and password, and the session token works as Bearer and as cookie", async () => {
    const response = await login(
      { loginCredentialDto: { email: immich.admin!.email.toUpperCase(), password: immich.admin!.password } },
      api(""),
    );
    expect(response).toEqual({
      accessToken: expect.any(String),
      userId: immich.admin!.id,
      userEmail: immich.admin!.email,
      name: "Immich Admin",
      isAdmin: true,
      profileImagePath: "",
      shouldChangePassword: true,
      isOnboarded: false,
    });
    await expect(searchUsersAdmin({}, bearer(response.accessToken))).resolves.toBeInstanceOf(Array);
    const cookie = { baseUrl: `${immich.url}/api`, headers: { cookie: `immich_access_token=${response.accessToken}` } };
    await expect(searchUsersAdmin({}, cookie)).resolves.toBeInstanceOf(Array);

    await expect(logout(bearer(response.accessToken))).resolves.toEqual({ successful: true, redirectUri: "/auth/login?autoLaunch=0" });
    expect(await failure(searchUsersAdmin({}, bearer(response.accessToken)))).toEqual({
      status: 401,
      data: { message: "Invalid user token" },
    });
  });

  it("refuses a wrong password", async () => {
    expect(await failure(login({ loginCredentialDto: { email: immich.admin!.email, password: "nope" } }, api("")))).toEqual({
      status: 401,
      data: { message: "Incorrect email or password" },
    });
  });

  it("bootstraps the first admin through admin-sign-up, once", async () => {
    const fresh = await startFakeImmich({ admin: false });
    try {
      const options = { baseUrl: `${fresh.url}/api` };
      const signUpDto = { email: "Owner@Example.com", name: "Owner", password: "owner-pass" };
      const owner = await signUpAdmin({ signUpDto }, options);
      expect(owner).toMatchObject({ email: "owner@example.com", isAdmin: true, storageLabel: "admin", shouldChangePassword: true });
      expect(await failure(signUpAdmin({ signUpDto }, options))).toEqual({
        status: 400,
        data: { message: "Admin setup is not available" },
      });

      const session = await login({ loginCredentialDto: { email: signUpDto.email, password: signUpDto.password } }, options);
      const { secret, apiKey } = await createApiKey(
        { apiKeyCreateDto: { name: "Castello", permissions: [Permission.AdminUserRead] } },
        { ...options, headers: { authorization: `Bearer ${session.accessToken}` } },
      );
      await expect(searchUsersAdmin({}, { ...options, headers: { "x-api-key": secret } })).resolves.toHaveLength(1);
      expect(apiKey).toMatchObject({ name: "Castello", permissions: [Permission.AdminUserRead] });
    } finally {
      await fresh.close();
    }
  });
});

describe("API keys", () => {
  it("creates, lists, reads itself and deletes, storing only a hash of the secret", async () => {
    const created = await createApiKey(
      { apiKeyCreateDto: { name: "portal", permissions: [Permission.ServerAbout, Permission.ApiKeyRead] } },
      api(),
    );
    expect(created).toMatchObject({ secret: expect.any(String), name: "portal", id: created.apiKey.id });
    expect(created.apiKey).toEqual({
      id: expect.any(String),
      name: "portal",
      permissions: [Permission.ServerAbout, Permission.ApiKeyRead],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.stringify(immich.store.listApiKeys(immich.admin!.id))).not.toContain(created.secret);

    expect((await getApiKeys(api())).map((key) => key.id)).toContain(created.apiKey.id);
    await expect(getMyApiKey(api(created.secret))).resolves.toEqual(created.apiKey);
    expect(await failure(getMyApiKey(bearer((await loginAdmin()).accessToken)))).toEqual({
      status: 403,
      data: { message: "Not authenticated with an API Key" },
    });

    await deleteApiKey({ id: created.apiKey.id }, api());
    expect(await failure(getAboutInfo(api(created.secret)))).toEqual({ status: 401, data: { message: "Invalid API key" } });
  });

  it("does not let a key grant permissions it does not have", async () => {
    const key = immich.createApiKey([Permission.ApiKeyCreate, Permission.ServerAbout]);
    await expect(createApiKey({ apiKeyCreateDto: { permissions: [Permission.ServerAbout] } }, api(key))).resolves.toMatchObject({
      name: "API Key",
    });
    expect(await failure(createApiKey({ apiKeyCreateDto: { permissions: [Permission.AdminUserDelete] } }, api(key)))).toEqual({
      status: 400,
      data: { message: "Cannot grant permissions you do not have" },
    });
  });

  function loginAdmin() {
    return login({ loginCredentialDto: { email: immich.admin!.email, password: immich.admin!.password } }, api(""));
  }
});

describe("faults", () => {
  afterEach(() => immich.faults.clear());

  it("delays a request", async () => {
    immich.faults.add({ path: "/api/server/ping", fault: { kind: "delay", ms: 150 } });
    const started = performance.now();
    await expect(pingServer(api(""))).resolves.toEqual({ res: "pong" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("answers a 5xx, only as many times as asked", async () => {
    immich.faults.add({ method: "GET", path: "/api/admin/users", fault: { kind: "status", status: 503 }, times: 1 });
    expect((await failure(searchUsersAdmin({}, api()))).status).toBe(503);
    await expect(searchUsersAdmin({}, api())).resolves.toBeInstanceOf(Array);
  });

  it("never answers, so the caller's AbortSignal fires", async () => {
    immich.faults.add({ path: "/api/server/version", fault: { kind: "timeout" } });
    const result = await networkFailure(getServerVersion({ ...api(""), signal: AbortSignal.timeout(200) }));
    expect(result.name).toBe("TimeoutError");
  });

  it("drops the connection", async () => {
    immich.faults.add({ path: "/api/server/about", fault: { kind: "refuse" }, times: 1 });
    const result = await networkFailure(getAboutInfo(api()));
    expect(result.name).toBe("TypeError");
    await expect(getAboutInfo(api())).resolves.toMatchObject({ version: "v3.2.2" });
  });

  it("takes fault rules over HTTP", async () => {
    const rule = { path: "/api/server/ping", fault: { kind: "status", status: 502 } };
    expect((await fetch(`${immich.url}/-/sandbox/faults`, { method: "POST", body: JSON.stringify(rule) })).status).toBe(204);
    expect((await failure(pingServer(api("")))).status).toBe(502);
    expect((await fetch(`${immich.url}/-/sandbox/faults`, { method: "DELETE" })).status).toBe(204);
    await expect(pingServer(api(""))).resolves.toEqual({ res: "pong" });
  });

  it("refuses connections while the server is down, and recovers", async () => {
    await immich.server.down();
    // Let fetch's pool see its idle keep-alive sockets closed; else it reuses one and fails with UND_ERR_SOCKET.
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      expect(await networkFailure(pingServer(api("")))).toEqual({ name: "TypeError", code: "ECONNREFUSED" });
    } finally {
      await immich.server.up();
    }
    await expect(pingServer(api(""))).resolves.toEqual({ res: "pong" });
    await expect(searchUsersAdmin({}, api())).resolves.toBeInstanceOf(Array);
  });
});
