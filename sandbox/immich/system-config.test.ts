import {
  getConfig,
  getConfigDefaults,
  getServerConfig,
  getServerFeatures,
  isHttpError,
  login,
  OAuthTokenEndpointAuthMethod,
  Permission,
  startOAuth,
  updateConfig,
  type AdminConfigDto,
} from "@immich/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startFakeAuthentik, type FakeAuthentik } from "../authentik/server";
import { TestBrowser } from "../test-browser";
import { DEFAULT_ADMIN, startFakeImmich, type FakeImmich } from "./server";

let immich: FakeImmich;
let authentik: FakeAuthentik;
let defaults: AdminConfigDto;

const api = (key = immich.adminApiKey) => ({ baseUrl: `${immich.url}/api`, headers: key ? { "x-api-key": key } : {} });

async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await call;
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, data: error.data };
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The defaults with some OAuth settings, as an admin saves them from the settings page. */
function withOAuth(oauth: Partial<AdminConfigDto["oauth"]>): AdminConfigDto {
  return { ...structuredClone(defaults), oauth: { ...defaults.oauth, ...oauth } };
}

beforeAll(async () => {
  immich = await startFakeImmich();
  authentik = await startFakeAuthentik({
    applications: [
      {
        slug: "tenant-photos",
        name: "Tenant photos",
        clientId: "tenant-photos-client",
        clientSecret: "tenant-photos-secret",
        redirectUris: [`${immich.url}/auth/login`, "app.immich:///oauth-callback"],
      },
    ],
  });
  defaults = await getConfigDefaults(api());
});

afterEach(async () => {
  await updateConfig({ adminConfigDto: defaults }, api());
});

afterAll(async () => {
  await Promise.all([immich.close(), authentik.close()]);
});

describe("GET /api/system-config", () => {
  it("answers the whole config, Immich's defaults on a fresh server", async () => {
    const config = await getConfig(api());
    expect(config).toEqual(defaults);
    expect(Object.keys(config).sort()).toEqual([
      "backup",
      "ffmpeg",
      "image",
      "integrityChecks",
      "job",
      "library",
      "logging",
      "machineLearning",
      "map",
      "metadata",
      "newVersionCheck",
      "nightlyTasks",
      "notifications",
      "oauth",
      "passwordLogin",
      "reverseGeocoding",
      "server",
      "storageTemplate",
      "templates",
      "theme",
      "trash",
      "user",
    ]);
    expect(config.oauth).toMatchObject({ enabled: false, issuerUrl: "", scope: "openid email profile", signingAlgorithm: "RS256" });
    expect(config.oauth.tokenEndpointAuthMethod).toBe(OAuthTokenEndpointAuthMethod.ClientSecretPost);
  });

  it("is for admins with systemConfig.read; updating needs systemConfig.update", async () => {
    const reader = immich.createApiKey([Permission.SystemConfigRead]);
    expect(await getConfig(api(reader))).toEqual(defaults);
    expect(await failure(updateConfig({ adminConfigDto: defaults }, api(reader)))).toEqual({
      status: 403,
      data: { message: "Missing required permission: systemConfig.update" },
    });
    const member = immich.createApiKey([Permission.All], { ownerIsAdmin: false });
    expect(await failure(getConfig(api(member)))).toEqual({ status: 403, data: { message: "Forbidden" } });
    expect(await failure(getConfigDefaults(api("")))).toEqual({ status: 401, data: { message: "Authentication required" } });
  });
});

describe("PUT /api/system-config", () => {
  it("stores the whole config and answers it; unknown keys are dropped, 'true' is a boolean", async () => {
    const body = {
      ...withOAuth({ enabled: true, issuerUrl: authentik.issuer("tenant-photos"), clientId: "tenant-photos-client" }),
      trash: { enabled: "true", days: 9 },
      notAnImmichSetting: true,
    } as unknown as AdminConfigDto;
    const saved = await updateConfig({ adminConfigDto: body }, api());
    expect(saved.trash).toEqual({ enabled: true, days: 9 });
    expect(saved).not.toHaveProperty("notAnImmichSetting");
    expect(saved.oauth.issuerUrl).toBe(authentik.issuer("tenant-photos"));
    expect(await getConfig(api())).toEqual(saved);
    expect((await getServerConfig({ baseUrl: `${immich.url}/api` })).trashDays).toBe(9);
  });

  it("refuses what Immich's schema refuses, with its 400 and the Zod issues", async () => {
    const bad = await failure(
      updateConfig(
        {
          adminConfigDto: {
            ...withOAuth({ issuerUrl: "not a url", tokenEndpointAuthMethod: "none" as OAuthTokenEndpointAuthMethod, timeout: 0 }),
            library: { ...defaults.library, scan: { enabled: true, cronExpression: "every day" } },
          },
        },
        api(),
      ),
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      message: "Validation failed",
      errors: expect.arrayContaining([
        expect.objectContaining({ path: ["oauth", "tokenEndpointAuthMethod"], code: "invalid_value" }),
        expect.objectContaining({ path: ["oauth", "timeout"], code: "too_small" }),
        expect.objectContaining({ path: ["oauth", "issuerUrl"], message: "Issuer URL must be an empty string or a valid URL" }),
        expect.objectContaining({ path: ["library", "scan", "cronExpression"], code: "custom" }),
      ]),
    });

    const partial: Partial<AdminConfigDto> = structuredClone(defaults);
    delete partial.user;
    const missing = await failure(updateConfig({ adminConfigDto: partial as AdminConfigDto }, api()));
    expect(missing.data).toMatchObject({ errors: [{ path: ["user"], code: "invalid_type" }] });

    const mobile = await failure(
      updateConfig({ adminConfigDto: withOAuth({ mobileOverrideEnabled: true, mobileRedirectUri: "photos" }) }, api()),
    );
    expect(mobile.data).toMatchObject({
      errors: [{ path: ["oauth"], message: "Mobile redirect URI must be an empty string or a valid URL" }],
    });
    expect(await getConfig(api())).toEqual(defaults);
  });

  it("turns password login off for /api/auth/login and the features", async () => {
    await updateConfig({ adminConfigDto: { ...structuredClone(defaults), passwordLogin: { enabled: false } } }, api());
    expect((await getServerFeatures({ baseUrl: `${immich.url}/api` })).passwordLogin).toBe(false);
    const refused = await failure(
      login({ loginCredentialDto: { email: DEFAULT_ADMIN.email, password: DEFAULT_ADMIN.password } }, { baseUrl: `${immich.url}/api` }),
    );
    expect(refused).toEqual({ status: 401, data: { message: "Password login has been disabled" } });
  });
});

describe("OAuth login from the stored config", () => {
  it("sends /auth/login?autoLaunch=1 and /api/oauth/authorize to the issuer and client saved over the API", async () => {
    await updateConfig(
      {
        adminConfigDto: withOAuth({
          enabled: true,
          issuerUrl: authentik.issuer("tenant-photos"),
          clientId: "tenant-photos-client",
          clientSecret: "tenant-photos-secret",
          allowInsecureRequests: true,
        }),
      },
      api(),
    );
    expect((await getServerFeatures({ baseUrl: `${immich.url}/api` })).oauth).toBe(true);
    const launched = await new TestBrowser().fetch(`${immich.url}/auth/login?autoLaunch=1`);
    expect(launched.status).toBe(302);
    const location = new URL(launched.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${authentik.url}/application/o/authorize/`);
    expect(location.searchParams.get("client_id")).toBe("tenant-photos-client");

    const { url } = await startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, { baseUrl: `${immich.url}/api` });
    expect(new URL(url).searchParams.get("client_id")).toBe("tenant-photos-client");
  });

  it("refuses the plain-http issuer unless allowInsecureRequests is saved too", async () => {
    await updateConfig(
      { adminConfigDto: withOAuth({ enabled: true, issuerUrl: authentik.issuer("tenant-photos"), clientId: "tenant-photos-client" }) },
      api(),
    );
    const result = await failure(
      startOAuth({ oAuthConfigDto: { redirectUri: `${immich.url}/auth/login` } }, { baseUrl: `${immich.url}/api` }),
    );
    expect(result.status).toBe(500);
    expect((result.data as { message: string }).message).toMatch(/^Error in OAuth discovery: .*HTTP/);
  });
});
