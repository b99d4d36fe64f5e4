import type { OAuthClientSpec, OAuthClientState } from "@/lib/identity/port";
import type { PhotosOAuthSettings } from "@/lib/photos/port";

/**
 * What a tenant's single sign-on must be, and how what was found differs from it. Pure: the
 * jobs (wiring-jobs.ts) gather what the identity provider and Immich hold and store the report.
 */

export const WIRING_SCOPES = ["openid", "email", "profile"] as const;
export const WIRING_ITEMS = ["provider", "application", "redirectUris", "photosOAuth"] as const;
export type WiringItemKey = (typeof WIRING_ITEMS)[number];

/** A field that differs; secrets are compared but never copied into a report. */
export interface WiringDifference {
  field: string;
  expected: string;
  found: string;
}

export interface WiringItem {
  key: WiringItemKey;
  status: "ok" | "differs" | "missing" | "unknown";
  differences: WiringDifference[];
}

export interface WiringReport {
  items: WiringItem[];
  /** The system that did not answer, when an item is `unknown`. */
  unreachable?: ("identity" | "photos")[];
}

export interface WiringTenant {
  slug: string;
  displayName: string;
  immichUrl: string;
}

const SECRET_SHOWN = "••••";

function base(url: string): string {
  return url.replace(/\/+$/, "");
}

/** The identity provider's application slug for a tenant's photo server. */
export function photosClientSlug(tenantSlug: string): string {
  return `immich-${tenantSlug}`;
}

export function photosRedirectUris(immichUrl: string): string[] {
  return ["app.immich:///oauth-callback", `${base(immichUrl)}/auth/login`, `${base(immichUrl)}/user-settings`];
}

export function photosClientSpec(
  tenant: WiringTenant,
  client: { clientId: string; clientSecret: string; groupId: string },
): OAuthClientSpec {
  return {
    slug: photosClientSlug(tenant.slug),
    name: `Immich · ${tenant.displayName}`,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUris: photosRedirectUris(tenant.immichUrl),
    launchUrl: `${base(tenant.immichUrl)}/auth/login?autoLaunch=1`,
    scopes: [...WIRING_SCOPES],
    allowedGroupId: client.groupId,
    sharedAccountsKey: tenant.slug,
  };
}

export function photosOAuthSpec(client: { issuerUrl: string; clientId: string; clientSecret: string }): PhotosOAuthSettings {
  return {
    enabled: true,
    issuerUrl: client.issuerUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: WIRING_SCOPES.join(" "),
    signingAlgorithm: "RS256",
    autoRegister: false,
    autoLaunch: true,
    buttonText: "Sign in with your family account",
    // Immich 3 refuses a plain-http issuer unless told to: only a trial or the sandbox has one.
    allowInsecureRequests: client.issuerUrl.startsWith("http://"),
  };
}

function item(key: WiringItemKey, differences: WiringDifference[]): WiringItem {
  return { key, status: differences.length === 0 ? "ok" : "differs", differences };
}

function differ(field: string, expected: unknown, found: unknown, secret = false): WiringDifference[] {
  if (expected === found) return [];
  return [{ field, expected: secret ? SECRET_SHOWN : String(expected), found: secret ? (found ? "other" : "none") : String(found || "—") }];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

function providerItem(spec: OAuthClientSpec, found: OAuthClientState): WiringItem {
  return item("provider", [
    ...differ("clientType", "confidential", found.confidential ? "confidential" : "public"),
    ...differ("clientId", spec.clientId, found.clientId),
    ...differ("clientSecret", spec.clientSecret, found.clientSecret, true),
    ...differ("signingAlgorithm", "RS256", found.signingAlgorithm),
    ...(sameSet(spec.scopes, found.scopes) ? [] : differ("scopes", spec.scopes.join(" "), found.scopes.join(" "))),
    ...differ(
      "claimMappings",
      `Castello (${spec.sharedAccountsKey})`,
      found.sharedAccountsKey ? `Castello (${found.sharedAccountsKey})` : "other",
    ),
  ]);
}

function applicationItem(spec: OAuthClientSpec, found: OAuthClientState["application"]): WiringItem {
  if (!found) return { key: "application", status: "missing", differences: [] };
  return item("application", [
    ...differ("launchUrl", spec.launchUrl, found.launchUrl),
    ...(sameSet([spec.allowedGroupId], found.allowedGroupIds)
      ? []
      : differ("allowedGroups", spec.allowedGroupId, found.allowedGroupIds.join(", "))),
  ]);
}

function redirectItem(spec: OAuthClientSpec, found: OAuthClientState): WiringItem {
  const urls = found.redirectUris.map((uri) => uri.url);
  return item("redirectUris", [
    ...spec.redirectUris.filter((url) => !urls.includes(url)).map((url) => ({ field: "redirectUri", expected: url, found: "—" })),
    ...urls.filter((url) => !spec.redirectUris.includes(url)).map((url) => ({ field: "redirectUri", expected: "—", found: url })),
    ...found.redirectUris
      .filter((uri) => !uri.strict && spec.redirectUris.includes(uri.url))
      .map((uri) => ({ field: "matchingMode", expected: "strict", found: `regex: ${uri.url}` })),
  ]);
}

function photosItem(spec: PhotosOAuthSettings, found: PhotosOAuthSettings): WiringItem {
  const fields = Object.keys(spec) as (keyof PhotosOAuthSettings)[];
  return item(
    "photosOAuth",
    fields.flatMap((field) => differ(field, spec[field], found[field], field === "clientSecret")),
  );
}

const UNKNOWN = (key: WiringItemKey): WiringItem => ({ key, status: "unknown", differences: [] });

/**
 * Compares what was found with what must be. `undefined` means the object does not exist;
 * `"unreachable"` that the system did not answer, so nothing is known about it.
 */
export function compareWiring(input: {
  clientSpec: OAuthClientSpec;
  photosSpec: PhotosOAuthSettings;
  identity: OAuthClientState | undefined | "unreachable";
  photos: PhotosOAuthSettings | "unreachable";
}): WiringReport {
  const unreachable: ("identity" | "photos")[] = [];
  let identityItems: WiringItem[];
  if (input.identity === "unreachable") {
    unreachable.push("identity");
    identityItems = [UNKNOWN("provider"), UNKNOWN("application"), UNKNOWN("redirectUris")];
  } else if (!input.identity) {
    identityItems = (["provider", "application", "redirectUris"] as const).map((key) => ({ key, status: "missing", differences: [] }));
  } else {
    identityItems = [
      providerItem(input.clientSpec, input.identity),
      applicationItem(input.clientSpec, input.identity.application),
      redirectItem(input.clientSpec, input.identity),
    ];
  }
  let photosItems: WiringItem[];
  if (input.photos === "unreachable") {
    unreachable.push("photos");
    photosItems = [UNKNOWN("photosOAuth")];
  } else {
    photosItems = [photosItem(input.photosSpec, input.photos)];
  }
  return { items: [...identityItems, ...photosItems], ...(unreachable.length ? { unreachable } : {}) };
}

export function wiringIsHealthy(report: WiringReport): boolean {
  return report.items.every((entry) => entry.status === "ok");
}
