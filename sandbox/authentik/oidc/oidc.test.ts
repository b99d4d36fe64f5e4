import { createHash } from "node:crypto";
import { ClientTypeEnum, MatchingModeEnum, RedirectURITypeEnum, SubModeEnum, type OAuth2Provider } from "@goauthentik/api";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as client from "openid-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiState, authentikApiRoutes } from "../api";
import { schemaCheckedApis, type SchemaCheckedApis } from "../api/schema-checked-apis";
import { loadAuthentikSchema } from "../api/schema-validator";
import { Directory } from "../directory";
import { startFakeAuthentik, type FakeAuthentik } from "../server";
import { TestBrowser } from "../../test-browser";

const TOKEN = "oidc-test-token";
const PASSWORD = "correct horse battery";
const CALLBACK = "http://photos.test/auth/login";
const MOBILE = "app.immich:///oauth-callback";
const SIGNED_OUT = "http://photos.test/";
const CLIENT_ID = "tenant-a-photos";
const CLIENT_SECRET = "a".repeat(64);

let authentik: FakeAuthentik;
let state: ApiState;
let api: SchemaCheckedApis;
let provider: OAuth2Provider;
let signingKeyPk: string;
const shared = () => `${authentik.url}/application/o`;
const issuerOf = (slug: string) => `${shared()}/${slug}/`;

beforeAll(async () => {
  const schema = await loadAuthentikSchema();
  const directory = new Directory();
  state = new ApiState({ directory });
  authentik = await startFakeAuthentik({
    directory,
    users: [
      { username: "clara", name: "Clara Rossi", email: "clara@family.test", password: PASSWORD, groups: ["tenant-a"] },
      { username: "bruno", name: "Bruno Bianchi", email: "bruno@family.test", password: PASSWORD, groups: ["tenant-b"] },
    ],
    routes: [authentikApiRoutes({ token: TOKEN, state })],
  });
  api = schemaCheckedApis(schema, authentik.url, TOKEN);
  provider = await createClient("tenant-a-photos", CLIENT_ID, "tenant-a");
  signingKeyPk = provider.signingKey!;
});

afterAll(async () => {
  await authentik?.close();
});

afterEach(() => {
  expect(api.violations.splice(0), "responses that do not match schema.yml").toEqual([]);
});

const flowPk = (slug: string) => [...state.flows.values()].find((flow) => flow.slug === slug)!.pk;
const scopePks = (...scopes: string[]) =>
  [...state.scopeMappings.values()].filter((mapping) => scopes.includes(mapping.scopeName)).map((mapping) => mapping.pk);

/** What Castello does for a tenant: a key pair, a provider, an application, a binding to the tenant's group. */
async function createClient(slug: string, clientId: string, group: string): Promise<OAuth2Provider> {
  const key = await api.crypto.cryptoCertificatekeypairsGenerateCreate({
    certificateGenerationRequest: { commonName: `${slug}-signing`, validityDays: 365 },
  });
  const created = await api.providers.providersOauth2Create({
    oAuth2ProviderRequest: {
      name: `castello-${slug}`,
      authorizationFlow: flowPk("default-provider-authorization-implicit-consent"),
      invalidationFlow: flowPk("default-provider-invalidation-flow"),
      clientType: ClientTypeEnum.Confidential,
      clientId,
      clientSecret: CLIENT_SECRET,
      redirectUris: [
        { url: CALLBACK, matchingMode: MatchingModeEnum.Strict },
        { url: MOBILE, matchingMode: MatchingModeEnum.Strict },
        { url: SIGNED_OUT, matchingMode: MatchingModeEnum.Strict, redirectUriType: RedirectURITypeEnum.Logout },
      ],
      signingKey: key.pk,
      propertyMappings: scopePks("openid", "email", "profile"),
      subMode: SubModeEnum.HashedUserId,
      includeClaimsInIdToken: true,
    },
  });
  const application = await api.core.coreApplicationsCreate({ applicationRequest: { name: slug, slug, provider: created.pk } });
  const groupPk = state.directory.findGroupByName(group)!.pk;
  await api.policies.policiesBindingsCreate({ policyBindingRequest: { target: application.pk, group: groupPk, order: 0 } });
  return created;
}

async function discover(metadata: Partial<client.ClientMetadata> = {}, auth = client.ClientSecretPost(CLIENT_SECRET)) {
  return client.discovery(new URL(issuerOf("tenant-a-photos")), CLIENT_ID, { client_secret: CLIENT_SECRET, ...metadata }, auth, {
    execute: [client.allowInsecureRequests],
  });
}

/** Authorize, sign in at the login page when asked, and stop at the redirect back (or the page Authentik shows). */
async function authorize(config: client.Configuration, username: string, redirectUri = CALLBACK, browser = new TestBrowser()) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid email profile",
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  const back = (next: URL) => next.href.startsWith(redirectUri);
  let page = await browser.open(url.href, undefined, back);
  if (page.html.includes('name="uid_field"')) page = await browser.open(page.url, { uid_field: username, password: PASSWORD }, back);
  return { page, verifier, state, browser };
}

async function signIn(username: string, config?: client.Configuration) {
  config ??= await discover();
  const { page, verifier, state: expectedState } = await authorize(config, username);
  expect(page.url.startsWith(`${CALLBACK}?`), page.html).toBe(true);
  const tokens = await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: verifier, expectedState });
  return { config, tokens };
}

describe("issuers from the API", () => {
  it("serves an application created over the API, its discovery naming the shared endpoints", async () => {
    const config = await discover();
    const metadata = config.serverMetadata();
    expect(metadata).toMatchObject({
      issuer: issuerOf("tenant-a-photos"),
      authorization_endpoint: `${shared()}/authorize/`,
      token_endpoint: `${shared()}/token/`,
      userinfo_endpoint: `${shared()}/userinfo/`,
      revocation_endpoint: `${shared()}/revoke/`,
      introspection_endpoint: `${shared()}/introspect/`,
      end_session_endpoint: `${shared()}/tenant-a-photos/end-session/`,
      jwks_uri: `${shared()}/tenant-a-photos/jwks/`,
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["email", "openid", "profile"],
      code_challenge_methods_supported: ["plain", "S256"],
    });
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(["email", "email_verified", "preferred_username", "groups"]));
    const root = await fetch(issuerOf("tenant-a-photos"), { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/application/o/tenant-a-photos/.well-known/openid-configuration");
  });

  it("signs a member of the bound group in, with an ID token signed by the provider's key", async () => {
    const { config, tokens } = await signIn("clara");
    const idToken = tokens.id_token!;
    const keyData = state.certificateKeyPairs.get(signingKeyPk)!.keyData;
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: "RS256", kid: createHash("md5").update(keyData).digest("hex") });
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { payload } = await jwtVerify(idToken, jwks, { issuer: issuerOf("tenant-a-photos"), audience: CLIENT_ID });
    const clara = state.directory.findUserByUsername("clara")!;
    expect(payload).toMatchObject({
      sub: clara.uid,
      email: "clara@family.test",
      email_verified: false,
      name: "Clara Rossi",
      preferred_username: "clara",
      groups: ["tenant-a"],
      acr: "goauthentik.io/providers/oauth2/default",
      amr: ["pwd"],
    });
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, clara.uid);
    expect(userinfo).toMatchObject({ sub: clara.uid, email: "clara@family.test", groups: ["tenant-a"] });
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, client_id: CLIENT_ID });
    await client.tokenRevocation(config, tokens.access_token);
    const revoked = await fetch(`${shared()}/userinfo/`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(revoked.status).toBe(401);
  });

  it("signs in through an application created after another one, and answers userinfo for its token", async () => {
    await createClient("tenant-b-photos", "tenant-b-client", "tenant-b");
    const config = await client.discovery(
      new URL(issuerOf("tenant-b-photos")),
      "tenant-b-client",
      { client_secret: CLIENT_SECRET },
      client.ClientSecretPost(CLIENT_SECRET),
      { execute: [client.allowInsecureRequests] },
    );
    const { tokens } = await signIn("bruno", config);
    const bruno = state.directory.findUserByUsername("bruno")!;
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), {
      issuer: issuerOf("tenant-b-photos"),
      audience: "tenant-b-client",
    });
    expect(payload.sub).toBe(bruno.uid);
    expect(await client.fetchUserInfo(config, tokens.access_token, bruno.uid)).toMatchObject({ email: "bruno@family.test" });
  });

  it("gives only the claims of the provider's scope mappings", async () => {
    await api.providers.providersOauth2PartialUpdate({
      id: provider.pk,
      patchedOAuth2ProviderRequest: { propertyMappings: scopePks("openid", "email") },
    });
    try {
      // HTTP Basic this time, unencoded as Auth.js sends it: the token endpoint finds the client either way.
      const basic: client.ClientAuth = (_as, _client, _body, headers) =>
        headers.set("authorization", `Basic ${btoa(`${CLIENT_ID}:${CLIENT_SECRET}`)}`);
      const { tokens } = await signIn("clara", await discover({}, basic));
      const claims = tokens.claims()!;
      expect(claims.email).toBe("clara@family.test");
      expect(claims).not.toHaveProperty("name");
      expect(claims).not.toHaveProperty("groups");
    } finally {
      await api.providers.providersOauth2PartialUpdate({
        id: provider.pk,
        patchedOAuth2ProviderRequest: { propertyMappings: scopePks("openid", "email", "profile") },
      });
    }
  });

  it("does not URL-decode Basic credentials, as extract_client_auth: openid-client's encoded `-` is an unknown client", async () => {
    const config = await discover({}, client.ClientSecretBasic(CLIENT_SECRET));
    const { page, verifier, state: expectedState } = await authorize(config, "clara");
    const refused = await client
      .authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: verifier, expectedState })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ error: "invalid_client", status: 400 });
  });

  it("refuses a redirect URI the provider does not list, and follows a PATCHed list at once", async () => {
    const config = await discover();
    const elsewhere = "http://evil.test/callback";
    const refused = await authorize(config, "clara", elsewhere);
    expect(refused.page.status).toBe(400);
    expect(refused.page.html).toContain("Redirect URI Error");
    expect(refused.page.html).toContain("The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).");

    await api.providers.providersOauth2PartialUpdate({
      id: provider.pk,
      patchedOAuth2ProviderRequest: {
        redirectUris: [
          { url: CALLBACK, matchingMode: MatchingModeEnum.Strict },
          { url: "http://evil\\.test/.*", matchingMode: MatchingModeEnum.Regex },
        ],
      },
    });
    try {
      const allowed = await authorize(config, "clara", elsewhere);
      expect(allowed.page.url).toMatch(/^http:\/\/evil\.test\/callback\?code=/);
    } finally {
      await api.providers.providersOauth2PartialUpdate({
        id: provider.pk,
        patchedOAuth2ProviderRequest: {
          redirectUris: [
            { url: CALLBACK, matchingMode: MatchingModeEnum.Strict },
            { url: MOBILE, matchingMode: MatchingModeEnum.Strict },
            { url: SIGNED_OUT, matchingMode: MatchingModeEnum.Strict, redirectUriType: RedirectURITypeEnum.Logout },
          ],
        },
      });
    }
  });

  it("redirects to the mobile app's custom-scheme URI kept in the provider", async () => {
    const { page } = await authorize(await discover(), "clara", MOBILE);
    expect(page.url).toMatch(/^app\.immich:\/\/\/oauth-callback\?code=/);
  });

  it("shows Permission denied to a signed-in user outside the bound group", async () => {
    const config = await discover();
    const { page, browser } = await authorize(config, "bruno");
    expect(page.status).toBe(200);
    expect(page.html).toContain("<h1>Permission denied</h1>");
    expect(page.html).toContain("Request has been denied.");
    // Signed in now, the next attempt is refused before any login page.
    const again = await authorize(config, "bruno", CALLBACK, browser);
    expect(again.page.html).toContain("<h1>Permission denied</h1>");
    expect(again.page.html).not.toContain('name="uid_field"');
  });

  it("ends the session at the application's end-session endpoint, back to a logout redirect URI", async () => {
    const config = await discover();
    const browser = new TestBrowser();
    const first = await authorize(config, "clara", CALLBACK, browser);
    const tokens = await client.authorizationCodeGrant(config, new URL(first.page.url), {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
    });
    const endSession = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: SIGNED_OUT });
    expect(endSession.pathname).toBe("/application/o/tenant-a-photos/end-session/");
    const confirm = await browser.open(endSession.href);
    const action = /<form[^>]*action="([^"]+)"/.exec(confirm.html)![1]!;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.html)![1]!;
    const done = await browser.open(new URL(action, authentik.url).href, { xsrf, logout: "yes" }, (next) => next.href === SIGNED_OUT);
    expect(done.url).toBe(SIGNED_OUT);
    // The single sign-on session is gone: the next sign-in asks for the password again.
    const again = await browser.open(client.buildAuthorizationUrl(config, { redirect_uri: CALLBACK, scope: "openid" }).href);
    expect(again.html).toContain('name="uid_field"');
  });

  it("answers userinfo without a valid token with 401, Authentik's challenge and no body", async () => {
    for (const headers of [{}, { authorization: "Bearer not-a-token" }] as Record<string, string>[]) {
      const response = await fetch(`${shared()}/userinfo/`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe(
        'error="invalid_token", error_description="The access token provided is expired, revoked, malformed, or invalid for other reasons"',
      );
      expect(await response.text()).toBe("");
    }
  });

  it("signs HS256 with the client secret once the signing key is removed", async () => {
    await api.providers.providersOauth2PartialUpdate({ id: provider.pk, patchedOAuth2ProviderRequest: { signingKey: null } });
    try {
      const config = await discover({ id_token_signed_response_alg: "HS256" });
      expect(config.serverMetadata().id_token_signing_alg_values_supported).toEqual(["HS256"]);
      expect(await (await fetch(`${shared()}/tenant-a-photos/jwks/`)).json()).toEqual({});
      const { tokens } = await signIn("clara", config);
      const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, new TextEncoder().encode(CLIENT_SECRET));
      expect(protectedHeader.alg).toBe("HS256");
      expect(payload.aud).toBe(CLIENT_ID);
    } finally {
      await api.providers.providersOauth2PartialUpdate({ id: provider.pk, patchedOAuth2ProviderRequest: { signingKey: signingKeyPk } });
    }
  });

  it("stops serving an application once it is deleted", async () => {
    await createClient("short-lived", "short-lived-client", "tenant-a");
    const discovery = `${issuerOf("short-lived")}.well-known/openid-configuration`;
    expect((await fetch(discovery)).status).toBe(200);
    await api.core.coreApplicationsDestroy({ slug: "short-lived" });
    expect((await fetch(discovery)).status).toBe(404);
    const authorizeUrl = `${shared()}/authorize/?client_id=short-lived-client&redirect_uri=${encodeURIComponent(CALLBACK)}&response_type=code`;
    // The provider is still there; without its application Authentik cannot resolve one and refuses.
    expect((await new TestBrowser().open(authorizeUrl)).html).toContain("<h1>Permission denied</h1>");
    const unknown = await new TestBrowser().open(authorizeUrl.replace("short-lived-client", "nobody"));
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain("Client ID Error");
  });
});
