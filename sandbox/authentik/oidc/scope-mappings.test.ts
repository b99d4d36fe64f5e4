import { ClientTypeEnum, MatchingModeEnum, SubModeEnum, type ScopeMapping } from "@goauthentik/api";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import * as client from "openid-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiState, authentikApiRoutes } from "../api";
import { failure, schemaCheckedApis, type SchemaCheckedApis } from "../api/schema-checked-apis";
import { loadAuthentikSchema } from "../api/schema-validator";
import { Directory } from "../directory";
import { startFakeAuthentik, type FakeAuthentik } from "../server";
import { TestBrowser } from "../../test-browser";

const TOKEN = "scope-mappings-test-token";
const PASSWORD = "correct horse battery";
const CALLBACK = "http://photos.test/auth/login";
const SECRET = "s".repeat(64);

/** What Castello creates per tenant (here tenant "acme", scope email). */
const CASTELLO_EMAIL_EXPRESSION = `# Managed by Castello for the tenant "acme". Do not edit: Castello rewrites it.
account = ((request.user.attributes.get("castello") or {}).get("immich") or {}).get("acme")
if isinstance(account, dict) and account.get("email"):
    return {"email": account["email"], "email_verified": False}
return {"email": request.user.email, "email_verified": False}`;

let authentik: FakeAuthentik;
let state: ApiState;
let api: SchemaCheckedApis;

beforeAll(async () => {
  const schema = await loadAuthentikSchema();
  const directory = new Directory();
  state = new ApiState({ directory });
  authentik = await startFakeAuthentik({
    directory,
    users: [
      {
        username: "clara",
        name: "Clara Rossi",
        email: "clara@family.test",
        password: PASSWORD,
        groups: ["tenant-a"],
        attributes: { family: "rossi", castello: { immich: { acme: { email: "clara.photos@acme.test" } } } },
      },
      { username: "bruno", name: "Bruno Bianchi", email: "bruno@family.test", password: PASSWORD, groups: ["tenant-b"] },
    ],
    routes: [authentikApiRoutes({ token: TOKEN, state })],
  });
  api = schemaCheckedApis(schema, authentik.url, TOKEN);
});

afterAll(async () => {
  await authentik?.close();
});

afterEach(() => {
  expect(api.violations.splice(0), "responses that do not match schema.yml").toEqual([]);
});

const flowPk = (slug: string) => [...state.flows.values()].find((flow) => flow.slug === slug)!.pk;
const managed = (scope: string) => [...state.scopeMappings.values()].find((mapping) => mapping.managed?.endsWith(`scope-${scope}`))!.pk;
const user = (username: string) => state.directory.findUserByUsername(username)!;

async function mapping(name: string, scopeName: string, expression: string): Promise<ScopeMapping> {
  return api.mappings.propertymappingsProviderScopeCreate({ scopeMappingRequest: { name, scopeName, expression } });
}

let apps = 0;

/** A provider with these mappings and an application for it (no policy binding: everyone may sign in). */
async function application(propertyMappings: string[], options: { includeClaimsInIdToken?: boolean; subMode?: SubModeEnum } = {}) {
  apps += 1;
  const slug = `mapped-${apps}`;
  const key = await api.crypto.cryptoCertificatekeypairsGenerateCreate({
    certificateGenerationRequest: { commonName: `${slug}-signing`, validityDays: 365 },
  });
  const provider = await api.providers.providersOauth2Create({
    oAuth2ProviderRequest: {
      name: slug,
      authorizationFlow: flowPk("default-provider-authorization-implicit-consent"),
      invalidationFlow: flowPk("default-provider-invalidation-flow"),
      clientType: ClientTypeEnum.Confidential,
      clientId: `${slug}-client`,
      clientSecret: SECRET,
      redirectUris: [{ url: CALLBACK, matchingMode: MatchingModeEnum.Strict }],
      signingKey: key.pk,
      propertyMappings,
      subMode: options.subMode ?? SubModeEnum.HashedUserId,
      includeClaimsInIdToken: options.includeClaimsInIdToken ?? true,
    },
  });
  await api.core.coreApplicationsCreate({ applicationRequest: { name: slug, slug, provider: provider.pk } });
  return { slug, provider, clientId: `${slug}-client` };
}

/** Signs in at the application with these scopes; the verified ID token's claims and userinfo. */
async function signIn(app: { slug: string; clientId: string }, username: string, scope: string) {
  const config = await client.discovery(
    new URL(`${authentik.url}/application/o/${app.slug}/`),
    app.clientId,
    { client_secret: SECRET },
    client.ClientSecretPost(SECRET),
    { execute: [client.allowInsecureRequests] },
  );
  const verifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope,
    state: expectedState,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  const browser = new TestBrowser();
  const back = (next: URL) => next.href.startsWith(CALLBACK);
  let page = await browser.open(url.href, undefined, back);
  if (page.html.includes('name="uid_field"')) page = await browser.open(page.url, { uid_field: username, password: PASSWORD }, back);
  expect(page.url.startsWith(`${CALLBACK}?`), page.html).toBe(true);
  const tokens = await client.authorizationCodeGrant(config, new URL(page.url), { pkceCodeVerifier: verifier, expectedState });
  const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), {
    issuer: `${authentik.url}/application/o/${app.slug}/`,
    audience: app.clientId,
  });
  const response = await fetch(`${authentik.url}/application/o/userinfo/`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(response.status).toBe(200);
  const userinfo = (await response.json()) as Record<string, unknown>;
  return { idToken: payload as JWTPayload & Record<string, unknown>, userinfo, metadata: config.serverMetadata() };
}

describe("scope mapping expressions, evaluated in Python", () => {
  it("refuses an expression with a syntax error on create and on update, with Authentik's body", async () => {
    expect(
      await failure(
        api.mappings.propertymappingsProviderScopeCreate({
          scopeMappingRequest: { name: "Castello broken", scopeName: "broken", expression: 'return {"a": 1' },
        }),
      ),
    ).toEqual({ status: 400, body: { expression: ["Expression Syntax Error: '{' was never closed (None, line 2)"] } });
    const created = await mapping("Castello fine", "fine", "return {}");
    // validate_expression runs with the instance: its saved name is the filename.
    expect(
      await failure(
        api.mappings.propertymappingsProviderScopePartialUpdate({
          pmUuid: created.pk,
          patchedScopeMappingRequest: { name: "Castello renamed", expression: "return {\n  1 +* 2\n}" },
        }),
      ),
    ).toEqual({ status: 400, body: { expression: ["Expression Syntax Error: invalid syntax (Castello fine, line 3)"] } });
    expect(
      await failure(
        api.mappings.propertymappingsProviderScopeUpdate({
          pmUuid: created.pk,
          scopeMappingRequest: { name: "Castello fine", scopeName: "fine", expression: "return {}\n  return 1" },
        }),
      ),
    ).toEqual({ status: 400, body: { expression: ["Expression Syntax Error: unexpected indent (Castello fine, line 3)"] } });
    const kept = await api.mappings.propertymappingsProviderScopeRetrieve({ pmUuid: created.pk });
    expect(kept).toMatchObject({ name: "Castello fine", expression: "return {}" });
  });

  it("gives the claims of a custom mapping reading request.user.attributes, in the ID token, userinfo and discovery", async () => {
    const family = await mapping(
      "Castello family",
      "castello",
      'family = request.user.attributes.get("family")\nreturn {"castello_family": family, "castello_groups": [g.name for g in user.groups.all()]}',
    );
    const app = await application([managed("openid"), family.pk]);
    const { idToken, userinfo, metadata } = await signIn(app, "clara", "openid castello");
    expect(idToken).toMatchObject({ sub: user("clara").uid, castello_family: "rossi", castello_groups: ["tenant-a"] });
    expect(userinfo).toEqual({ sub: user("clara").uid, castello_family: "rossi", castello_groups: ["tenant-a"] });
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(["castello_family", "castello_groups"]));
    expect(metadata.scopes_supported).toEqual(["castello", "openid"]);
  });

  it("lets mapped claims override sub and email in the ID token only with include_claims_in_id_token; userinfo keeps the real sub", async () => {
    const override = await mapping("Castello override", "override", 'return {"sub": "x", "email": "y"}');
    const app = await application([managed("openid"), managed("email"), override.pk], { subMode: SubModeEnum.UserUsername });
    const included = await signIn(app, "clara", "openid email override");
    expect(included.idToken).toMatchObject({ sub: "x", email: "y", email_verified: false });
    expect(included.userinfo).toEqual({ sub: "clara", email: "y", email_verified: false });

    await api.providers.providersOauth2PartialUpdate({
      id: app.provider.pk,
      patchedOAuth2ProviderRequest: { includeClaimsInIdToken: false },
    });
    const excluded = await signIn(app, "clara", "openid email override");
    expect(excluded.idToken.sub).toBe("clara");
    expect(excluded.idToken).not.toHaveProperty("email");
    expect(excluded.idToken).not.toHaveProperty("email_verified");
    expect(excluded.userinfo).toEqual({ sub: "clara", email: "y", email_verified: false });
  });

  it("deep-merges the mappings in scope_name order", async () => {
    // Created first, merged last: scope_name "zeta" sorts after "alpha".
    const zeta = await mapping("Castello zeta", "zeta", 'return {"list": ["z"], "nested": {"b": 2, "items": [2]}, "winner": "zeta"}');
    const alpha = await mapping(
      "Castello alpha",
      "alpha",
      'return {"list": ["a"], "nested": {"a": 1, "items": [1]}, "winner": "alpha", "only_alpha": True}',
    );
    const app = await application([zeta.pk, managed("openid"), alpha.pk]);
    const { idToken, userinfo } = await signIn(app, "bruno", "openid zeta alpha");
    const merged = { list: ["a", "z"], nested: { a: 1, b: 2, items: [1, 2] }, winner: "zeta", only_alpha: true };
    expect(idToken).toMatchObject(merged);
    expect(userinfo).toEqual({ sub: user("bruno").uid, ...merged });
    // Only the scopes granted to the token count.
    expect((await signIn(app, "bruno", "openid alpha")).userinfo).toEqual({
      sub: user("bruno").uid,
      list: ["a"],
      nested: { a: 1, items: [1] },
      winner: "alpha",
      only_alpha: true,
    });
  });

  it("drops a mapping that raises, records Authentik's events, and still signs in", async () => {
    const raising = await mapping("Castello raises", "raises", 'ak_logger.warning("about to fail")\nraise ValueError("nope")');
    const app = await application([managed("openid"), managed("email"), raising.pk]);
    const before = state.events.byAction("configuration_error").length;
    const { idToken, userinfo } = await signIn(app, "clara", "openid email raises");
    expect(idToken).toMatchObject({ sub: user("clara").uid, email: "clara@family.test" });
    expect(userinfo).toEqual({ sub: user("clara").uid, email: "clara@family.test", email_verified: false });
    const errors = state.events.byAction("configuration_error").slice(before);
    // Evaluated for the ID token and for userinfo.
    expect(errors).toHaveLength(2);
    expect(errors[0]!.context).toMatchObject({ message: "Failed to evaluate property-mapping: 'Castello raises'" });
    const exception = state.events.byAction("property_mapping_exception").at(-1)!;
    expect(exception.context.message).toContain("ValueError: nope");
    expect(exception.context.message).toContain('File "Castello raises", line 3, in handler');
  });

  it("evaluates the expression Castello generates per tenant", async () => {
    const castello = await mapping("Castello acme email", "email", CASTELLO_EMAIL_EXPRESSION);
    const app = await application([managed("openid"), castello.pk, managed("profile")]);
    const clara = await signIn(app, "clara", "openid email profile");
    expect(clara.idToken).toMatchObject({ email: "clara.photos@acme.test", email_verified: false, preferred_username: "clara" });
    expect(clara.userinfo).toMatchObject({ sub: user("clara").uid, email: "clara.photos@acme.test", email_verified: false });
    const bruno = await signIn(app, "bruno", "openid email profile");
    expect(bruno.userinfo).toMatchObject({
      sub: user("bruno").uid,
      email: "bruno@family.test",
      email_verified: false,
      groups: ["tenant-b"],
    });
    expect(clara.metadata.claims_supported).toEqual(expect.arrayContaining(["email", "email_verified", "groups"]));
  });
});
