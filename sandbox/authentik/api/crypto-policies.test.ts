import { X509Certificate } from "node:crypto";
import { AlgEnum, KeyTypeEnum, MatchingModeEnum } from "@goauthentik/api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Directory } from "../directory";
import { startFakeAuthentik, type FakeAuthentik } from "../server";
import { ApiState, authentikApiRoutes, SELF_SIGNED_NAME } from "./index";
import { failure, schemaCheckedApis, type SchemaCheckedApis } from "./schema-checked-apis";
import { loadAuthentikSchema } from "./schema-validator";

const TOKEN = "crypto-policies-token";

let authentik: FakeAuthentik;
let state: ApiState;
let api: SchemaCheckedApis;

beforeAll(async () => {
  const schema = await loadAuthentikSchema();
  const directory = new Directory();
  state = new ApiState({ directory });
  authentik = await startFakeAuthentik({ directory, routes: [authentikApiRoutes({ token: TOKEN, state })] });
  api = schemaCheckedApis(schema, authentik.url, TOKEN);
});

afterAll(async () => {
  await authentik?.close();
});

/** Takes the violations a test expects (upstream answers that differ from schema.yml) out of the list. */
function expectViolation(call: RegExp): void {
  const index = api.violations.findIndex((violation) => call.test(violation));
  expect(index, `expected a schema violation for ${call}`).toBeGreaterThanOrEqual(0);
  api.violations.splice(index, 1);
}

afterEach(() => {
  const found = api.violations.splice(0);
  expect(found, "responses that do not match schema.yml").toEqual([]);
});

describe("certificate-key pairs", () => {
  it("lists the self-signed certificate every install has, with its details", async () => {
    const page = await api.crypto.cryptoCertificatekeypairsList({ name: SELF_SIGNED_NAME, hasKey: true });
    expect(page.pagination.count).toBe(1);
    const pair = page.results[0]!;
    const record = state.certificateKeyPairs.get(pair.pk)!;
    const certificate = new X509Certificate(record.certificateData);
    expect(pair).toMatchObject({
      name: SELF_SIGNED_NAME,
      privateKeyAvailable: true,
      keyType: KeyTypeEnum.Rsa,
      managed: null,
      certSubject: `OU=Self-signed,O=authentik,CN=${SELF_SIGNED_NAME}`,
      fingerprintSha256: certificate.fingerprint256.toLowerCase(),
      certificateDownloadUrl: `/api/v3/crypto/certificatekeypairs/${pair.pk}/view_certificate/?download`,
    });
    expect(certificate.subjectAltName).toMatch(/^DNS:\w{40}\.self-signed\.goauthentik\.io$/);
    expect(certificate.issuer).toBe("CN=authentik 2026.8.3");
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(pair.certExpiry!.getTime() - Date.now()).toBeGreaterThan(364 * 24 * 3600 * 1000);
    expect((await api.crypto.cryptoCertificatekeypairsList({ name: "missing" })).results).toEqual([]);
  });

  it("generates RSA and ECDSA key pairs with real self-signed certificates", async () => {
    const rsa = await api.crypto.cryptoCertificatekeypairsGenerateCreate({
      certificateGenerationRequest: { commonName: "castello-signing", subjectAltName: "a.test,b.test", validityDays: 30 },
    });
    expect(rsa).toMatchObject({ name: "castello-signing", keyType: KeyTypeEnum.Rsa, privateKeyAvailable: true });
    const certificate = new X509Certificate(state.certificateKeyPairs.get(rsa.pk)!.certificateData);
    expect(certificate.subjectAltName).toBe("DNS:a.test, DNS:b.test");
    expect(Math.round((certificate.validToDate.getTime() - Date.now()) / 86_400_000)).toBe(30);

    const ec = await api.crypto.cryptoCertificatekeypairsGenerateCreate({
      certificateGenerationRequest: { commonName: "castello-ec", validityDays: 365, alg: AlgEnum.Ecdsa },
    });
    expect(ec.keyType).toBe(KeyTypeEnum.Ec);
    expect(await api.crypto.cryptoCertificatekeypairsRetrieve({ kpUuid: ec.pk })).toEqual(ec);
    const ecOnly = await api.crypto.cryptoCertificatekeypairsList({ keyType: [KeyTypeEnum.Ec] });
    expect(ecOnly.results.map((pair) => pair.name)).toEqual(["castello-ec"]);
  });

  it("answers the serializer's errors with 400, and 404 for an unknown key pair", async () => {
    const missing = await failure(api.crypto.cryptoCertificatekeypairsGenerateCreate({ certificateGenerationRequest: {} as never }));
    expect(missing).toEqual({
      status: 400,
      body: { common_name: ["This field is required."], validity_days: ["This field is required."] },
    });
    // schema.yml documents this 400 without a body.
    expectViolation(/generate\/ → 400/);
    const badAlg = await failure(
      api.crypto.cryptoCertificatekeypairsGenerateCreate({
        certificateGenerationRequest: { commonName: "x", validityDays: 1, alg: "dsa" as AlgEnum },
      }),
    );
    expect(badAlg.body).toEqual({ alg: ['"dsa" is not a valid choice.'] });
    expectViolation(/generate\/ → 400/);
    expect(await failure(api.crypto.cryptoCertificatekeypairsRetrieve({ kpUuid: "7b1b7b1b-0000-4000-8000-000000000000" }))).toEqual({
      status: 404,
      body: { detail: "No CertificateKeyPair matches the given query." },
    });
  });

  it("lets a provider sign with an existing key pair only", async () => {
    const flows = [...state.flows.values()];
    const request = {
      name: "provider-with-key",
      authorizationFlow: flows.find((flow) => flow.slug === "default-provider-authorization-implicit-consent")!.pk,
      invalidationFlow: flows.find((flow) => flow.slug === "default-provider-invalidation-flow")!.pk,
      redirectUris: [{ url: "https://rp.test/cb", matchingMode: MatchingModeEnum.Strict }],
      signingKey: "7b1b7b1b-0000-4000-8000-000000000000",
    };
    const refused = await failure(api.providers.providersOauth2Create({ oAuth2ProviderRequest: request }));
    expect(refused.body).toEqual({ signing_key: ['Invalid pk "7b1b7b1b-0000-4000-8000-000000000000" - object does not exist.'] });
    const created = await api.providers.providersOauth2Create({
      oAuth2ProviderRequest: { ...request, signingKey: state.selfSignedKeyPair.pk },
    });
    expect(created.signingKey).toBe(state.selfSignedKeyPair.pk);
  });
});

describe("policy bindings", () => {
  async function application(slug: string) {
    return api.core.coreApplicationsCreate({ applicationRequest: { name: slug, slug } });
  }

  it("binds a group to an application, lists by target, updates and deletes", async () => {
    const app = await application("bound-app");
    const group = state.directory.createGroup({ name: "tenant-rossi" });
    const binding = await api.policies.policiesBindingsCreate({ policyBindingRequest: { target: app.pk, group: group.pk, order: 0 } });
    expect(binding).toMatchObject({
      target: app.pk,
      group: group.pk,
      groupObj: { pk: group.pk, name: "tenant-rossi", numPk: group.numPk, isSuperuser: false },
      negate: false,
      enabled: true,
      order: 0,
      timeout: 30,
      failureResult: false,
      expiring: false,
    });
    const listed = await api.policies.policiesBindingsList({ target: app.pk });
    expect(listed.results.map((entry) => entry.pk)).toEqual([binding.pk]);
    expect((await api.policies.policiesBindingsList({ target: app.pk, enabled: false })).results).toEqual([]);

    const patched = await api.policies.policiesBindingsPartialUpdate({
      policyBindingUuid: binding.pk,
      patchedPolicyBindingRequest: { negate: true, order: 5 },
    });
    expect(patched).toMatchObject({ negate: true, order: 5, group: group.pk });
    const user = state.directory.createUser({ username: "bound-user", name: "Bound User", email: "bound@test" });
    const replaced = await api.policies.policiesBindingsUpdate({
      policyBindingUuid: binding.pk,
      policyBindingRequest: { target: app.pk, group: null, user: user.pk, order: 1 },
    });
    expect(replaced.group).toBeFalsy();
    expect(replaced).toMatchObject({ user: user.pk, userObj: { pk: user.pk, username: "bound-user" }, order: 1 });

    await api.policies.policiesBindingsDestroy({ policyBindingUuid: binding.pk });
    expect(await failure(api.policies.policiesBindingsRetrieve({ policyBindingUuid: binding.pk }))).toEqual({
      status: 404,
      body: { detail: "No PolicyBinding matches the given query." },
    });
  });

  it("validates like PolicyBindingSerializer: one of policy, user or group, a known target", async () => {
    const app = await application("validated-app");
    const group = state.directory.createGroup({ name: "validated-group" });
    const user = state.directory.createUser({ username: "validated-user", name: "V", email: "v@test" });
    const none = await failure(api.policies.policiesBindingsCreate({ policyBindingRequest: { target: app.pk, order: 0 } }));
    expect(none).toEqual({ status: 400, body: { non_field_errors: ["One of 'policy', 'user', 'group' must be set."] } });
    const both = await failure(
      api.policies.policiesBindingsCreate({ policyBindingRequest: { target: app.pk, group: group.pk, user: user.pk, order: 0 } }),
    );
    expect(both.body).toEqual({ non_field_errors: ["Only one of 'policy', 'user', 'group' can be set."] });
    const unknownTarget = await failure(
      api.policies.policiesBindingsCreate({ policyBindingRequest: { target: group.pk, group: group.pk, order: 0 } }),
    );
    expect(unknownTarget.body).toEqual({ target: [`Invalid pk "${group.pk}" - object does not exist.`] });
    const malformed = await failure(api.policies.policiesBindingsCreate({ policyBindingRequest: { target: "nope", order: 0 } }));
    expect(malformed.body).toEqual({ target: ["“nope” is not a valid UUID."] });
    const missing = await failure(api.policies.policiesBindingsCreate({ policyBindingRequest: {} as never }));
    expect(missing.body).toEqual({ target: ["This field is required."], order: ["This field is required."] });
    const noPolicies = await failure(api.policies.policiesBindingsList({ policy: app.pk }));
    expect(noPolicies.body).toEqual({ policy: ["Select a valid choice. That choice is not one of the available choices."] });
  });

  it("drops bindings with their group, and hides applications from the list for users they refuse", async () => {
    const app = await application("hidden-app");
    const group = state.directory.createGroup({ name: "hidden-group" });
    await api.policies.policiesBindingsCreate({ policyBindingRequest: { target: app.pk, group: group.pk, order: 0 } });
    const slugs = async (query = {}) => (await api.core.coreApplicationsList(query)).results.map((entry) => entry.slug);
    // The token's owner is not in the group: the application is left out unless the full list is asked for.
    expect(await slugs()).not.toContain("hidden-app");
    expect(await slugs({ superuserFullList: true })).toContain("hidden-app");
    state.tokenUser.groupIds.add(group.pk);
    expect(await slugs()).toContain("hidden-app");
    state.tokenUser.groupIds.delete(group.pk);

    await api.core.coreGroupsDestroy({ groupUuid: group.pk });
    expect((await api.policies.policiesBindingsList({ target: app.pk })).results).toEqual([]);
    expect(await slugs()).toContain("hidden-app");
  });
});
