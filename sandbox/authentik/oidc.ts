import { exportJWK, generateKeyPair, type JWK } from "jose";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type { Directory, DirectoryUser } from "./directory";
import { escapeHtml, page } from "./pages";

export interface OidcApplication {
  /** Application slug: the issuer is `<base>/application/o/<slug>/`. */
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export const AUTH_FLOW_PATH = "/if/flow/default-authentication-flow/";

/** Authentik's default claims for the `email` and `profile` scopes. */
export function claimsOf(user: DirectoryUser, directory: Directory) {
  return {
    sub: user.uid,
    email: user.email,
    email_verified: false,
    name: user.name,
    given_name: user.name,
    preferred_username: user.username,
    nickname: user.username,
    groups: directory.groupNamesOf(user),
  };
}

let signingKey: Promise<JWK> | undefined;
function rs256Key(): Promise<JWK> {
  signingKey ??= generateKeyPair("RS256", { extractable: true }).then(async ({ privateKey }) => ({
    ...(await exportJWK(privateKey)),
    alg: "RS256",
    use: "sig",
    kid: "castello-sandbox",
  }));
  return signingKey;
}

export async function createOidcProvider(baseUrl: string, app: OidcApplication, directory: Directory): Promise<Provider> {
  const issuer = `${baseUrl}/application/o/${app.slug}/`;
  const configuration: Configuration = {
    clients: [
      {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uris: app.redirectUris,
        post_logout_redirect_uris: app.postLogoutRedirectUris ?? [],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [await rs256Key()] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "preferred_username", "nickname", "groups"],
    },
    // Authentik puts the scope claims into the ID token as well (include_claims_in_id_token).
    conformIdTokenClaims: false,
    scopes: ["openid", "email", "profile", "offline_access"],
    pkce: { required: () => false },
    routes: {
      authorization: "/authorize/",
      token: "/token/",
      userinfo: "/userinfo/",
      end_session: "/end-session/",
      jwks: "/jwks/",
      revocation: "/revoke/",
      introspection: "/introspect/",
    },
    cookies: { keys: ["castello-sandbox-cookie-key"] },
    interactions: {
      url: (_ctx, interaction) => `${AUTH_FLOW_PATH}?app=${encodeURIComponent(app.slug)}&interaction=${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
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
          ctx.body = page("Signed out", `<p>You have been signed out of ${escapeHtml(app.name)}.</p>`);
        },
      },
    },
    ttl: { AccessToken: 300, IdToken: 300, Interaction: 600, Session: 86400, Grant: 86400, AuthorizationCode: 60 },
    findAccount: async (_ctx, id) => {
      const user = directory.findUserByUid(id);
      if (!user || !user.isActive) return undefined;
      return { accountId: user.uid, claims: async () => claimsOf(user, directory) };
    },
    // First-party application with implicit consent, as Authentik's default provider flow.
    loadExistingGrant: async (ctx) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const existingId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client!.clientId);
      if (existingId) {
        const existing = await ctx.oidc.provider.Grant.find(existingId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId });
      grant.addOIDCScope([...(ctx.oidc.requestParamScopes ?? new Set(["openid"]))].join(" "));
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
  const provider = new Provider(issuer, configuration);
  provider.on("server_error", (_ctx, error) => console.error("[fake-authentik] oidc error", error));
  return provider;
}
