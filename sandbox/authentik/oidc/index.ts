export { AUTH_FLOW_PATH, OIDC_PREFIX, type OidcApplication } from "./application";
