import { createHash } from "node:crypto";
import {
  createUserAdmin,
  deleteUserAdmin,
  finishOAuth,
  getServerConfig,
  getServerFeatures,
  getUserAdmin,
  isHttpError,
  restoreUserAdmin,
  searchUsersAdmin,
  startOAuth,
  updateUserAdmin,
} from "@immich/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUTH_FLOW_PATH } from "../authentik/oidc";
import { startFakeAuthentik, type FakeAuthentik } from "../authentik/server";
import { startFakeImmich, type FakeImmich, type FakeImmichOAuthOptions } from "./server";
import { TestBrowser, type Page } from "../test-browser";

const PASSWORD = "castello-sandbox";
const CLIENT = { clientId: "immich-sandbox", clientSecret: "immich-sandbox-secret" };
const GiB = 1024 ** 3;

let immich: FakeImmich;
let authentik: FakeAuthentik;
let people = 0;

/** What the sandbox configures: the fake Authentik serves plain http. */
const oauthSettings = (overrides: Partial<FakeImmichOAuthOptions> = {}): FakeImmichOAuthOptions => ({
  issuerUrl: authentik.issuer("immich"),
  ...CLIENT,
  allowInsecureRequests: true,
  ...overrides,
});

const admin = () => ({ baseUrl: `${immich.url}/api`, headers: { "x-api-key": immich.adminApiKey } });
const api = (browser: TestBrowser) => ({ baseUrl: `${immich.url}/api`, fetch: browser.fetch });

/** A fresh Authentik user; `email` defaults to a unique one. */
function authentikUser(options: { email?: string; name?: string } = {}) {
  people += 1;
  const username = `person${people}`;
  const [user] = authentik.directory.seed([
    { username, name: options.name ?? `Person ${people}`, email: options.email ?? `${username}@family.test`, password: PASSWORD },
  ]);
  return user!;
}

function immichUser(email: string, overrides: { name?: string; quotaSizeInBytes?: number | null } = {}) {
  return createUserAdmin(
    { userAdminCreateDto: { email, name: overrides.name ?? "Pre-provisioned", password: "immich-password", ...overrides } },
    admin(),
  );
}

/**
 * Goes to Immich's login page the way Authentik's launch URL does, signs in at the fake Authentik
 * when it asks (a browser with an Authentik session is not asked), and ends on whatever page
 * Immich shows last.
 */
async function signIn(
  browser: TestBrowser,
  username?: string,
  start = `${immich.url}/auth/login?autoLaunch=1`,
): Promise<Page & { askedForPassword: boolean }> {
  let page = await browser.open(start);
  const askedForPassword = page.url.startsWith(`${authentik.url}${AUTH_FLOW_PATH}`) && page.html.includes('name="uid_field"');
  if (askedForPassword) {
    if (!username) throw new Error("Authentik asked for a password");
    page = await browser.open(page.url, { uid_field: username, password: PASSWORD });
  }
  return { ...page, askedForPassword };
}

const unescape = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, entity: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[entity]!);

/** The text of the element with this test id, or of the first alert. */
function textOf(html: string, testId: string): string | undefined {
  const match = new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html);
  return match ? unescape(match[1]!) : undefined;
}
const alertOf = (html: string) => {
  const match = /role="alert">([^<]*)</.exec(html);
  return match ? unescape(match[1]!) : undefined;
};

/** The HTTP failure of an SDK call. */
async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await call;
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, data: error.data };
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  // Immich first: its URL is the redirect URI Authentik must know; then OAuth is configured.
  immich = await startFakeImmich();
  authentik = await startFakeAuthentik({
    applications: [
      { slug: "immich", name: "Immich", ...CLIENT, redirectUris: [`${immich.url}/auth/login`, `${immich.url}/user-settings`] },
    ],
  });
});

beforeEach(() => {
  immich.configureOAuth(oauthSettings());
});

afterAll(async () => {
  await Promise.all([immich.close(), authentik.close()]);
});

describe("OAuth login through Immich's login page", () => {
  it("links a pre-provisioned user by e-mail on the first login and shows them with their quota", async () => {
    const person = authentikUser({ email: "  Clara.Rossi@Family.TEST ", name: "Clara (Authentik)" });
    const provisioned = await immichUser("clara.rossi@family.test", { name: "Clara Rossi", quotaSizeInBytes: 10 * GiB });
    expect(provisioned.oauthId).toBe("");

    const browser = new TestBrowser();
    const page = await signIn(browser, person.username);

    expect(page.askedForPassword).toBe(true);
    expect(page.url).toBe(`${immich.url}/photos`);
    expect(textOf(page.html, "signed-in-as")).toBe("Signed in as Clara Rossi (clara.rossi@family.test)");
    expect(textOf(page.html, "user-id")).toBe(provisioned.id);
    expect(textOf(page.html, "oauth-id")).toBe(person.uid);
    expect(textOf(page.html, "storage-quota")).toBe("10737418240 bytes (10 GiB)");
    expect(page.html).toContain(`data-bytes="${10 * GiB}"`);
    expect(textOf(page.html, "storage-usage")).toBe("0 bytes (0 B)");
    expect((await getUserAdmin({ id: provisioned.id }, admin())).oauthId).toBe(person.uid);
    expect(browser.cookie(immich.url, "immich_auth_type")).toBe("oauth");
    expect(browser.cookie(immich.url, "immich_oauth_state")).toBeUndefined();
    expect(browser.cookie(immich.url, "immich_oauth_code_verifier")).toBeUndefined();

    // The login page sends a signed-in browser on to /photos.
    expect((await browser.open(`${immich.url}/auth/login`)).url).toBe(`${immich.url}/photos`);
  });

  it("finds the user by oauthId on the next login, whatever their e-mail is now, without a new password prompt", async () => {
    const person = authentikUser();
    const provisioned = await immichUser(person.email, { quotaSizeInBytes: null });
    const browser = new TestBrowser();
    await signIn(browser, person.username);
    await updateUserAdmin({ id: provisioned.id, userAdminUpdateDto: { email: "renamed@family.test" } }, admin());

    browser.clearCookies(immich.url);
    const page = await signIn(browser);

    expect(page.askedForPassword).toBe(false);
    expect(page.url).toBe(`${immich.url}/photos`);
    expect(textOf(page.html, "user-id")).toBe(provisioned.id);
    expect(textOf(page.html, "signed-in-as")).toBe("Signed in as Pre-provisioned (renamed@family.test)");
    expect(textOf(page.html, "storage-quota")).toBe("Unlimited");
  });

  it("refuses a second Authentik user whose e-mail matches a user already linked to another sub", async () => {
    const first = authentikUser({ email: "family@shared.test" });
    const second = authentikUser({ email: "family@shared.test" });
    const shared = await immichUser("family@shared.test");
    expect((await signIn(new TestBrowser(), first.username)).url).toBe(`${immich.url}/photos`);

    const browser = new TestBrowser();
    const page = await signIn(browser, second.username);

    expect(page.url).toMatch(new RegExp(`^${immich.url}/auth/login\\?code=`));
    expect(page.status).toBe(200);
    expect(alertOf(page.html)).toBe("OAuth authentication failed");
    expect(page.html).toContain("<h1>Login</h1>");
    expect(browser.cookie(immich.url, "immich_access_token")).toBeUndefined();
    expect(browser.cookie(immich.url, "immich_oauth_state")).toBeUndefined();
    expect((await browser.open(`${immich.url}/photos`)).url).toBe(`${immich.url}/auth/login?continue=%2Fphotos`);
    expect((await getUserAdmin({ id: shared.id }, admin())).oauthId).toBe(first.uid);
  });

  it("refuses a person with no Immich user while auto-register is off, and creates nobody", async () => {
    const person = authentikUser();
    const page = await signIn(new TestBrowser(), person.username);

    expect(alertOf(page.html)).toBe("OAuth authentication failed");
    const users = await searchUsersAdmin({ withDeleted: true }, admin());
    expect(users.map((user) => user.email)).not.toContain(person.email);
  });

  it("registers a new user when auto-register is on, with the default quota and the username as storage label", async () => {
    immich.configureOAuth(oauthSettings({ autoRegister: true, defaultStorageQuota: 5 }));
    const person = authentikUser({ email: "New.Member@Family.test", name: "New Member" });

    const page = await signIn(new TestBrowser(), person.username);

    expect(textOf(page.html, "signed-in-as")).toBe("Signed in as New Member (new.member@family.test)");
    expect(textOf(page.html, "storage-quota")).toBe("5368709120 bytes (5 GiB)");
    const user = await getUserAdmin({ id: textOf(page.html, "user-id")! }, admin());
    expect(user).toMatchObject({
      email: "new.member@family.test",
      oauthId: person.uid,
      storageLabel: person.username,
      quotaSizeInBytes: 5 * GiB,
      isAdmin: false,
    });
  });

  it("refuses a soft-deleted user, and lets them in again once restored", async () => {
    const person = authentikUser();
    const provisioned = await immichUser(person.email);
    const browser = new TestBrowser();
    await signIn(browser, person.username);
    await deleteUserAdmin({ id: provisioned.id, userAdminDeleteDto: {} }, admin());

    // The deleted user's session no longer counts either.
    expect((await browser.open(`${immich.url}/photos`)).url).toBe(`${immich.url}/auth/login?continue=%2Fphotos`);
    browser.clearCookies(immich.url);
    expect(alertOf((await signIn(browser)).html)).toBe("OAuth authentication failed");
    // With auto-register on, Immich tries to create the user and hits the unique e-mail: a 500.
    immich.configureOAuth(oauthSettings({ autoRegister: true }));
    expect(alertOf((await signIn(browser)).html)).toBe("Internal server error");
    immich.configureOAuth(oauthSettings());

    await restoreUserAdmin({ id: provisioned.id }, admin());
    expect(textOf((await signIn(browser)).html, "user-id")).toBe(provisioned.id);
  });

  it("shows the OAuth button without autoLaunch, and launches by itself when autoLaunch is configured", async () => {
    const browser = new TestBrowser();
    const plain = await browser.open(`${immich.url}/auth/login`);
    expect(plain.url).toBe(`${immich.url}/auth/login`);
    expect(plain.html).toContain('<button type="submit">Login with OAuth</button>');
    expect(plain.html).toContain('name="autoLaunch" value="1"');

    immich.configureOAuth(oauthSettings({ autoLaunch: true, buttonText: "Sign in with Castello" }));
    const launched = await browser.fetch(`${immich.url}/auth/login`);
    expect(launched.status).toBe(302);
    expect(launched.headers.get("location")).toMatch(new RegExp(`^${authentik.url}/application/o/authorize/\\?`));
    const optedOut = await browser.open(`${immich.url}/auth/login?autoLaunch=0`);
    expect(optedOut.html).toContain('<button type="submit">Sign in with Castello</button>');
  });

  it("refuses a plain-http issuer unless allowInsecureRequests is on", async () => {
    immich.configureOAuth(oauthSettings({ allowInsecureRequests: false }));
    const page = await new TestBrowser().open(`${immich.url}/auth/login?autoLaunch=1`);
    expect(page.url).toBe(`${immich.url}/auth/login?autoLaunch=1`);
    expect(alertOf(page.html)).toMatch(/^Error in OAuth discovery: .*HTTP/);

    const result = await failure(startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, api(new TestBrowser())));
    expect(result.status).toBe(500);
    expect((result.data as { message: string }).message).toMatch(/^Error in OAuth discovery: /);
  });
});

describe("OAuth API", () => {
  /** The browser part of an API login: authorize, then Authentik, up to the redirect back to Immich. */
  async function authorizeAndSignIn(browser: TestBrowser, username: string): Promise<string> {
    const { url } = await startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, api(browser));
    const backToImmich = (next: URL) => next.origin === immich.url;
    let page = await browser.open(url, undefined, backToImmich);
    if (!backToImmich(new URL(page.url))) page = await browser.open(page.url, { uid_field: username, password: PASSWORD }, backToImmich);
    return page.url;
  }

  it("authorize answers the IdP URL with state and PKCE, and keeps both in cookies", async () => {
    const browser = new TestBrowser();
    const { url } = await startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, api(browser));

    const authorization = new URL(url);
    expect(`${authorization.origin}${authorization.pathname}`).toBe(`${authentik.url}/application/o/authorize/`);
    const state = browser.cookie(immich.url, "immich_oauth_state");
    const verifier = browser.cookie(immich.url, "immich_oauth_code_verifier");
    expect(Object.fromEntries(authorization.searchParams)).toEqual({
      client_id: CLIENT.clientId,
      response_type: "code",
      redirect_uri: `${immich.url}/auth/login`,
      scope: "openid email profile",
      state,
      code_challenge: createHash("sha256").update(verifier!).digest("base64url"),
      code_challenge_method: "S256",
    });
  });

  it("callback answers a LoginResponseDto and sets the session cookies, as password login does", async () => {
    const person = authentikUser({ name: "Api Person" });
    const provisioned = await immichUser(person.email, { name: "Api Person" });
    const browser = new TestBrowser();
    const callbackUrl = await authorizeAndSignIn(browser, person.username);

    const response = await browser.fetch(`${immich.url}/api/oauth/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: callbackUrl }),
    });

    expect(response.status).toBe(201);
    const login = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(login).sort()).toEqual([
      "accessToken",
      "isAdmin",
      "isOnboarded",
      "name",
      "profileImagePath",
      "shouldChangePassword",
      "userEmail",
      "userId",
    ]);
    expect(login).toMatchObject({ userId: provisioned.id, userEmail: person.email, name: "Api Person", isAdmin: false });
    expect(browser.cookie(immich.url, "immich_access_token")).toBe(login.accessToken);
    expect(browser.cookie(immich.url, "immich_is_authenticated")).toBe("true");
    expect(browser.cookie(immich.url, "immich_oauth_state")).toBeUndefined();
    const keys = await fetch(`${immich.url}/api/api-keys`, { headers: { authorization: `Bearer ${login.accessToken as string}` } });
    expect(keys.status).toBe(200);
  });

  it("refuses with Immich's 400s: conflict, missing state or verifier, OAuth off", async () => {
    const person = authentikUser();
    const linked = await immichUser(person.email);
    immich.store.updateUser(linked.id, { oauthId: "a-different-sub" });
    const browser = new TestBrowser();
    const callbackUrl = await authorizeAndSignIn(browser, person.username);
    const callback = (dto: { url: string; state?: string; codeVerifier?: string }, opts = api(browser)) =>
      finishOAuth({ oAuthCallbackDto: dto }, opts);

    expect(await failure(callback({ url: callbackUrl }))).toEqual({ status: 400, data: { message: "OAuth authentication failed" } });
    // The failed callback cleared the state and verifier cookies.
    expect(await failure(callback({ url: callbackUrl }))).toEqual({ status: 400, data: { message: "OAuth state is missing" } });
    expect(await failure(callback({ url: callbackUrl, state: "s" }))).toEqual({
      status: 400,
      data: { message: "OAuth code verifier is missing" },
    });
    expect(await failure(callback({ url: "" }))).toMatchObject({ status: 400, data: { message: "Validation failed" } });

    immich.configureOAuth(null);
    expect(await failure(callback({ url: callbackUrl }))).toEqual({ status: 400, data: { message: "OAuth is not enabled" } });
    expect(await failure(startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, api(browser)))).toEqual({
      status: 400,
      data: { message: "OAuth is not enabled" },
    });
  });

  it("lets an admin pre-provision a user without a password only while OAuth is on", async () => {
    const person = authentikUser();
    const create = () => createUserAdmin({ userAdminCreateDto: { email: person.email, name: "No Password", password: "" } }, admin());
    immich.configureOAuth(null);
    expect(await failure(create())).toEqual({ status: 400, data: { message: "password is required" } });

    immich.configureOAuth(oauthSettings());
    const provisioned = await create();
    expect(textOf((await signIn(new TestBrowser(), person.username)).html, "user-id")).toBe(provisioned.id);
  });

  it("reports OAuth in the server features and config", async () => {
    const anonymous = { baseUrl: `${immich.url}/api` };
    await expect(getServerFeatures(anonymous)).resolves.toMatchObject({ oauth: true, oauthAutoLaunch: false, passwordLogin: true });
    await expect(getServerConfig(anonymous)).resolves.toMatchObject({ oauthButtonText: "Login with OAuth", isInitialized: true });

    immich.configureOAuth(oauthSettings({ autoLaunch: true, buttonText: "Castello" }));
    await expect(getServerFeatures(anonymous)).resolves.toMatchObject({ oauth: true, oauthAutoLaunch: true });
    await expect(getServerConfig(anonymous)).resolves.toMatchObject({ oauthButtonText: "Castello" });

    immich.configureOAuth(null);
    await expect(getServerFeatures(anonymous)).resolves.toMatchObject({ oauth: false, oauthAutoLaunch: false });
  });
});
