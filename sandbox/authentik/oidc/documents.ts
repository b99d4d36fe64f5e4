import { createHash, createPublicKey } from "node:crypto";
import { certificateOf, jwtAlgorithm, keyId, privateKeyOf } from "../api/certificates";
import type { ApiState } from "../api/state";
import { OIDC_PREFIX } from "./application";
import { ACR_AUTHENTIK_DEFAULT, mappingClaimNames } from "./claims";
import { idTokenAlgorithm } from "./issuer";
import { providerMappings, type Issuer } from "./registry";

/** ProviderInfoView.get_info: the shared endpoints, the application's end-session and jwks, the provider's scopes and claims. */
export function discoveryDocument(state: ApiState, baseUrl: string, issuer: Issuer) {
  const { application, provider } = issuer;
  const shared = `${baseUrl}${OIDC_PREFIX}`;
  const mappings = providerMappings(state, provider);
  const scopes = mappings.map((mapping) => mapping.scopeName);
  if (!scopes.includes("openid")) scopes.push("openid");
  const signingKey = provider.signingKey === null ? undefined : state.certificateKeyPairs.get(provider.signingKey);
  return {
    issuer: issuer.issuer,
    authorization_endpoint: `${shared}/authorize/`,
    token_endpoint: `${shared}/token/`,
    userinfo_endpoint: `${shared}/userinfo/`,
    end_session_endpoint: `${shared}/${application.slug}/end-session/`,
    introspection_endpoint: `${shared}/introspect/`,
    revocation_endpoint: `${shared}/revoke/`,
    device_authorization_endpoint: `${shared}/device/`,
    response_types_supported: ["code", "id_token", "id_token token", "code token", "code id_token", "code id_token token"],
    response_modes_supported: ["query", "fragment", "form_post"],
    jwks_uri: `${shared}/${application.slug}/jwks/`,
    grant_types_supported: [
      "authorization_code",
      "refresh_token",
      "implicit",
      "client_credentials",
      "password",
      "urn:ietf:params:oauth:grant-type:device_code",
    ],
    id_token_signing_alg_values_supported: [idTokenAlgorithm(signingKey)],
    subject_types_supported: ["public"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    acr_values_supported: [ACR_AUTHENTIK_DEFAULT],
    scopes_supported: scopes,
    request_parameter_supported: false,
    claims_supported: [
      ...["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "amr", "nonce"],
      ...mappings.flatMap((mapping) => mappingClaimNames(mapping)),
    ],
    claims_parameter_supported: false,
    code_challenge_methods_supported: ["plain", "S256"],
  };
}

/** JWKSView: the signing key (RSA or EC) with its certificate chain; `{}` when the provider signs HS256. */
export function jwksDocument(state: ApiState, issuer: Issuer): { keys?: Record<string, unknown>[] } {
  const pair = issuer.provider.signingKey === null ? undefined : state.certificateKeyPairs.get(issuer.provider.signingKey);
  const key = pair && privateKeyOf(pair);
  if (!pair || !key || (key.asymmetricKeyType !== "rsa" && key.asymmetricKeyType !== "ec")) return {};
  const certificate = certificateOf(pair);
  const { kty, n, e, crv, x, y } = createPublicKey(key).export({ format: "jwk" });
  const thumbprint = (algorithm: string) => createHash(algorithm).update(certificate.raw).digest("base64url");
  const material = kty === "RSA" ? { n, e } : { crv, x, y };
  return {
    keys: [
      {
        kid: keyId(pair),
        kty,
        alg: jwtAlgorithm(key),
        use: "sig",
        ...material,
        x5c: [certificate.raw.toString("base64")],
        x5t: thumbprint("sha1"),
        "x5t#S256": thumbprint("sha256"),
      },
    ],
  };
}
