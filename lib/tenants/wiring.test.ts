import { describe, expect, it } from "vitest";
import type { OAuthClientState } from "@/lib/identity/port";
import { compareWiring, photosClientSpec, photosOAuthSpec, wiringIsHealthy } from "./wiring";

const tenant = { slug: "rossi", displayName: "Rossi", immichUrl: "https://photos.rossi.example/" };
const credentials = { clientId: "client-1", clientSecret: "s3cret-value" };
const clientSpec = photosClientSpec(tenant, { ...credentials, groupId: "group-1" });
const issuerUrl = "https://auth.example/application/o/immich-rossi/";
const photosSpec = photosOAuthSpec({ issuerUrl, ...credentials });

function matching(): OAuthClientState {
  return {
    providerId: "7",
    ...credentials,
    confidential: true,
    redirectUris: clientSpec.redirectUris.map((url) => ({ url, strict: true })),
    signingAlgorithm: "RS256",
    scopes: ["profile", "openid", "email"],
    sharedAccountsKey: "rossi",
    issuerUrl,
    application: { slug: "immich-rossi", name: "Immich · Rossi", launchUrl: clientSpec.launchUrl, allowedGroupIds: ["group-1"] },
  };
}

describe("the tenant's sign-in wiring", () => {
  it("wants Castello's claim mappings reading the tenant's shared accounts, and says when they are not", () => {
    expect(clientSpec.sharedAccountsKey).toBe("rossi");
    const report = compareWiring({ clientSpec, photosSpec, identity: { ...matching(), sharedAccountsKey: null }, photos: photosSpec });
    expect(report.items.find((entry) => entry.key === "provider")).toMatchObject({
      status: "differs",
      differences: [{ field: "claimMappings", expected: "Castello (rossi)", found: "other" }],
    });
  });

  it("asks for what Immich needs: strict redirect URIs, RS256, no auto-register, launch into OAuth", () => {
    expect(clientSpec).toMatchObject({
      slug: "immich-rossi",
      redirectUris: [
        "app.immich:///oauth-callback",
        "https://photos.rossi.example/auth/login",
        "https://photos.rossi.example/user-settings",
      ],
      launchUrl: "https://photos.rossi.example/auth/login?autoLaunch=1",
      scopes: ["openid", "email", "profile"],
      allowedGroupId: "group-1",
    });
    expect(photosSpec).toMatchObject({ enabled: true, signingAlgorithm: "RS256", autoRegister: false, allowInsecureRequests: false });
    expect(photosOAuthSpec({ issuerUrl: "http://localhost:9000/application/o/x/", ...credentials }).allowInsecureRequests).toBe(true);
  });

  it("finds nothing to say when everything matches", () => {
    const report = compareWiring({ clientSpec, photosSpec, identity: matching(), photos: { ...photosSpec } });
    expect(report.items.map((item) => item.status)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(wiringIsHealthy(report)).toBe(true);
  });

  it("names a broken redirect URI, an extra one and a regex match", () => {
    const found = matching();
    found.redirectUris = [
      { url: "https://photos.rossi.example/auth/login", strict: false },
      { url: "https://evil.example/cb", strict: true },
      { url: "app.immich:///oauth-callback", strict: true },
    ];
    const item = compareWiring({ clientSpec, photosSpec, identity: found, photos: photosSpec }).items.find(
      (i) => i.key === "redirectUris",
    )!;
    expect(item.status).toBe("differs");
    expect(item.differences).toEqual([
      { field: "redirectUri", expected: "https://photos.rossi.example/user-settings", found: "—" },
      { field: "redirectUri", expected: "—", found: "https://evil.example/cb" },
      { field: "matchingMode", expected: "strict", found: "regex: https://photos.rossi.example/auth/login" },
    ]);
  });

  it("says a secret differs without writing either secret into the report", () => {
    const report = compareWiring({
      clientSpec,
      photosSpec,
      identity: { ...matching(), clientSecret: "other-secret" },
      photos: { ...photosSpec, clientSecret: "", autoRegister: true },
    });
    const text = JSON.stringify(report);
    expect(text).not.toContain("s3cret-value");
    expect(text).not.toContain("other-secret");
    expect(report.items.find((i) => i.key === "provider")!.differences).toEqual([
      { field: "clientSecret", expected: "••••", found: "other" },
    ]);
    expect(report.items.find((i) => i.key === "photosOAuth")!.differences.map((d) => d.field)).toEqual(["clientSecret", "autoRegister"]);
  });

  it("tells missing objects from systems that did not answer", () => {
    expect(compareWiring({ clientSpec, photosSpec, identity: undefined, photos: photosSpec }).items.map((i) => i.status)).toEqual([
      "missing",
      "missing",
      "missing",
      "ok",
    ]);
    const report = compareWiring({ clientSpec, photosSpec, identity: "unreachable", photos: "unreachable" });
    expect(report.items.every((i) => i.status === "unknown")).toBe(true);
    expect(report.unreachable).toEqual(["identity", "photos"]);
    expect(
      compareWiring({ clientSpec, photosSpec, identity: { ...matching(), application: null }, photos: photosSpec }).items[1]!.status,
    ).toBe("missing");
  });

  it("flags access given to another group", () => {
    const found = matching();
    found.application!.allowedGroupIds = ["group-1", "group-2"];
    expect(compareWiring({ clientSpec, photosSpec, identity: found, photos: photosSpec }).items[1]!.differences).toEqual([
      { field: "allowedGroups", expected: "group-1", found: "group-1, group-2" },
    ]);
  });
});
