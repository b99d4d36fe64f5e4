import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { jwtAlgorithm, keyId, privateKeyOf } from "../api/certificates";
import type { EventLog, RequestInfo } from "../api/event-log";
import type { ApplicationRecord, CertificateKeyPairRecord, OAuth2ProviderRecord, ScopeMappingRecord } from "../api/records";
import type { Directory } from "../directory";
import { AUTH_FLOW_PATH } from "./application";
import { escapeHtml, page } from "../pages";
import { mappingClaimNames, scopeClaims, subjectOf, userWithSubject } from "./claims";
import { isWebUri, redirectUriMatches, urisOfType } from "./redirect-uris";

export interface IssuerConfig {
  baseUrl: string;
  /** `iss`: `<base>/application/o/<slug>/`, or `<base>/` for `issuer_mode: global`. */
  issuer: string;
  /** Application pk: keeps this issuer's cookies apart from the others'. */
  key: string;
  slug: string;
  appName: string;
  /** The live record: redirect URIs are read from it on every check. */
  provider: OAuth2ProviderRecord;
  signingKey: CertificateKeyPairRecord | undefined;
  /** The scope mappings assigned to the provider, ordered by scope_name (ties in creation order). */
  scopes: ScopeMappingRecord[];
  application?: ApplicationRecord;
  directory: Directory;
  /** Where a mapping that raises is recorded (property_mapping_exception, configuration_error). */
  events?: EventLog;
  /** The user of the fake's single sign-on session in this request, if any. */
  sessionUser: (req: IncomingMessage) => number | undefined;
  onEndSession: (ctx: KoaContextWithOIDC) => void;
}

const SECONDS: Record<string, number> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 0.001,
  microseconds: 0.000001,
};

/** timedelta_from_string ("hours=1;minutes=2"), in whole seconds. */
function seconds(value: string): number {
  let total = 0;
  for (const part of value.split(";")) {
    const [unit, amount] = part.split("=").map((piece) => piece.trim());
    if (unit && amount) total += (SECONDS[unit] ?? 0) * Number(amount);
  }
  return Math.max(1, Math.round(total));
}

let unusedKey: KeyObject | undefined;

/** Signing JWK: the key pair's, or (HS256 providers) a throwaway oidc-provider needs but never uses. */
function signingJwk(pair: CertificateKeyPairRecord | undefined) {
  const key = pair && privateKeyOf(pair);
  if (pair && key) return { ...key.export({ format: "jwk" }), kid: keyId(pair), alg: jwtAlgorithm(key), use: "sig" };
  unusedKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  return { ...unusedKey.export({ format: "jwk" }), kid: "unused", alg: "RS256", use: "sig" };
}

/** OAuth2Provider.jwt_key: the signing key's algorithm, else HS256 with the client secret. */
export function idTokenAlgorithm(pair: CertificateKeyPairRecord | undefined): "HS256" | ReturnType<typeof jwtAlgorithm> {
  const key = pair && privateKeyOf(pair);
  return key ? jwtAlgorithm(key) : "HS256";
}

const { Check, base } = interactionPolicy;

/** The merged mapping claims, beside the account claims oidc-provider masks and gives its own `sub`. */
const MAPPED = Symbol("authentik mapped claims");
interface Mapped {
  use: string;
  claims: Record<string, unknown>;
}
type WithMapped = Record<string | symbol, unknown> & { [MAPPED]?: Mapped };

/** IDToken's own fields (to_dict drops the None ones); iss, aud, exp and iat are set when signing. */
const ID_TOKEN_FIELDS = ["sub", "auth_time", "acr", "amr", "c_hash", "nonce", "at_hash", "sid"];

function requestInfo(ctx: KoaContextWithOIDC): RequestInfo {
  return {
    path: ctx.req.url ?? ctx.path,
    method: ctx.method,
    args: {},
    userAgent: String(ctx.get("user-agent") ?? ""),
    clientIp: ctx.ip || null,
  };
}

/**
 * One OAuth2 provider as an `oidc-provider` instance, mounted under `/application/o/` so that the
 * shared endpoints (authorize/, token/, userinfo/, revoke/, introspect/) are Authentik's paths.
 */
export function createIssuer(config: IssuerConfig): Provider {
  const { provider: record, directory } = config;
  const confidential = record.clientType === "confidential";
  const webUris = (type: "authorization" | "logout") =>
    urisOfType(record, type)
      .filter((uri) => uri.matching_mode === "strict" && isWebUri(uri.url))
      .map((uri) => uri.url);
  const validity = seconds(record.accessTokenValidity);
  const grantTypes = record.grantTypes.filter((grant) => grant === "authorization_code" || grant === "refresh_token");

  // The fake's single sign-on session is the truth, as Authentik's session is: an oidc-provider
  // session that is not its user's asks for a login again.
  const policy = base();
  policy.get("login")!.checks.push(
    new Check("authentik_session", "the authentik session is not this End-User's", "login_required", (ctx) => {
      const pk = config.sessionUser(ctx.req);
      const user = pk === undefined ? undefined : directory.getUser(pk);
      return !user || subjectOf(record, user) !== ctx.oidc.session?.accountId ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );

  const configuration: Configuration = {
    clients: [
      {
        client_id: record.clientId,
        ...(confidential ? { client_secret: record.clientSecret } : {}),
        // Never empty: the real check is redirectUriMatches below.
        redirect_uris: webUris("authorization").length > 0 ? webUris("authorization") : [`${config.baseUrl}/-/sandbox/no-redirect-uri/`],
        post_logout_redirect_uris: webUris("logout"),
        grant_types: grantTypes.length > 0 ? grantTypes : ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: confidential ? "client_secret_basic" : "none",
        id_token_signed_response_alg: idTokenAlgorithm(config.signingKey),
      },
    ],
    jwks: { keys: [signingJwk(config.signingKey)] },
    enabledJWA: { idTokenSigningAlgValues: ["HS256", "RS256", "ES256", "ES384", "ES512"] },
    claims: {
      ...Object.fromEntries(config.scopes.map((mapping) => [mapping.scopeName, mappingClaimNames(mapping)])),
      // IDToken.new always sets these; oidc-provider would only add them when asked for.
      openid: ["sub", "acr", "amr", "auth_time", "sid"],
    },
    // offline_access is always known so that the refresh_token grant exists; unmapped, it is never granted.
    scopes: [...new Set(["openid", "offline_access", ...config.scopes.map((mapping) => mapping.scopeName)])],
    conformIdTokenClaims: !record.includeClaimsInIdToken,
    acrValues: ["goauthentik.io/providers/oauth2/default"],
    pkce: { required: () => false },
    routes: {
      authorization: "/authorize/",
      token: "/token/",
      userinfo: "/userinfo/",
      revocation: "/revoke/",
      introspection: "/introspect/",
      end_session: `/${config.slug}/end-session/`,
      jwks: `/${config.slug}/jwks/`,
    },
    cookies: {
      keys: ["castello-sandbox-cookie-key"],
      names: {
        session: `authentik_oidc_${config.key}`,
        interaction: `authentik_interaction_${config.key}`,
        resume: `authentik_resume_${config.key}`,
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${AUTH_FLOW_PATH}?app=${encodeURIComponent(config.slug)}&interaction=${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Authentik ends the session without asking; the form auto-submits.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            "Signing out",
            `${form}<p>Signing you out…</p><noscript><button form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = page("Signed out", `<p>You have been signed out of ${escapeHtml(config.appName)}.</p>`);
        },
      },
    },
    ttl: {
      AccessToken: validity,
      IdToken: validity,
      AuthorizationCode: seconds(record.accessCodeValidity),
      RefreshToken: seconds(record.refreshTokenValidity),
      Grant: seconds(record.refreshTokenValidity),
      Interaction: 600,
      Session: 86400,
    },
    findAccount: async (ctx, sub) => {
      const user = userWithSubject(directory, record, sub);
      if (!user || !user.isActive) return undefined;
      return {
        accountId: sub,
        // get_claims for the token's scopes, in Python; kept whole beside what oidc-provider masks.
        claims: async (use: string, scope: string) => {
          // IDToken.new only evaluates the mappings when they go into the ID token.
          if (use === "id_token" && !record.includeClaimsInIdToken)
            return { sub, [MAPPED]: { use, claims: {} } } as WithMapped as { sub: string };
          const claims = await scopeClaims({
            mappings: config.scopes,
            scopes: scope.split(" ").filter(Boolean),
            user,
            provider: record,
            application: config.application,
            directory,
            events: config.events,
            request: requestInfo(ctx),
          });
          return { ...claims, sub, [MAPPED]: { use, claims } } as WithMapped as { sub: string };
        },
      };
    },
    // Implicit consent (the default authorization flow). Scopes the provider has no mapping for
    // are dropped, as OAuthAuthorizationParams.check_scope does.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const existingId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existingId) {
        const existing = await ctx.oidc.provider.Grant.find(existingId);
        if (existing) return existing;
      }
      const mapped = new Set(config.scopes.map((mapping) => mapping.scopeName));
      const requested = [...(ctx.oidc.requestParamScopes ?? new Set<string>())];
      const granted = requested.length > 0 ? requested.filter((scope) => mapped.has(scope)) : [...mapped];
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId });
      grant.addOIDCScope(granted.join(" "));
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = page(
        "Request has been denied",
        `<p class="error">${escapeHtml(out.error)}: ${escapeHtml(String(out.error_description ?? ""))}</p>`,
      );
    },
  };
  const issuer = new Provider(config.issuer, configuration);
  // IDToken.to_dict: its own fields, then (include_claims_in_id_token) every merged claim over them, sub included.
  const idTokenPayload = issuer.IdToken.prototype.payload;
  issuer.IdToken.prototype.payload = async function (this: InstanceType<Provider["IdToken"]>) {
    const payload = (await idTokenPayload.call(this)) as Record<string, unknown>;
    const mapped = (this.available as WithMapped)[MAPPED];
    if (mapped?.use !== "id_token") return payload;
    const own = Object.fromEntries(ID_TOKEN_FIELDS.filter((key) => payload[key] != null).map((key) => [key, payload[key]]));
    return record.includeClaimsInIdToken ? { ...own, ...mapped.claims } : own;
  };
  // UserInfoView.get: every merged claim, then `sub` the token's (sub_mode's) own.
  const claimsResult = issuer.Claims.prototype.result;
  issuer.Claims.prototype.result = async function (this: InstanceType<Provider["Claims"]>) {
    const { available } = this as unknown as { available: WithMapped };
    const mapped = available[MAPPED];
    if (mapped?.use !== "userinfo") return claimsResult.call(this);
    return { ...mapped.claims, sub: available.sub };
  };
  issuer.Client.prototype.redirectUriAllowed = (value: string) => redirectUriMatches(urisOfType(record, "authorization"), value);
  issuer.Client.prototype.postLogoutRedirectUriAllowed = (value: string) => redirectUriMatches(urisOfType(record, "logout"), value);
  issuer.on("end_session.success", (ctx: KoaContextWithOIDC) => config.onEndSession(ctx));
  issuer.on("server_error", (_ctx, error) => console.error("[fake-authentik] oidc error", error));
  return issuer;
}
