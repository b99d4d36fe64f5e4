/** The fake's own rows for what the Directory (users, groups) does not hold; Authentik's field names. */

export type FlowDesignation =
  "authentication" | "authorization" | "invalidation" | "enrollment" | "unenrollment" | "recovery" | "stage_configuration";

export interface FlowRecord {
  pk: string;
  pbmUuid: string;
  name: string;
  slug: string;
  title: string;
  designation: FlowDesignation;
  authentication:
    | "none"
    | "require_authenticated"
    | "require_unauthenticated"
    | "require_superuser"
    | "require_redirect"
    | "require_outpost"
    | "require_token";
}

export interface InvitationRecord {
  pk: string;
  name: string;
  expires: Date | null;
  fixedData: Record<string, unknown>;
  singleUse: boolean;
  flowPk: string | null;
  createdByPk: number;
}

export const DEVICE_KINDS = ["static", "totp", "webauthn", "duo", "sms", "email"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface DeviceRecord {
  kind: DeviceKind;
  pk: number;
  userPk: number;
  name: string;
  confirmed: boolean;
  created: Date;
  lastUpdated: Date;
  lastUsed: Date | null;
  /** WebAuthn only: the authenticator model from the FIDO metadata, when known. */
  deviceType: string | null;
}

export interface ScopeMappingRecord {
  pk: string;
  managed: string | null;
  name: string;
  expression: string;
  scopeName: string;
  description: string;
  /**
   * The keys the expression returns for the anonymous user (discovery's `claims_supported`),
   * evaluated in Python when the mapping is saved; computed on first use when absent.
   */
  claimNames?: string[];
}

export interface RedirectUri {
  matching_mode: "strict" | "regex";
  url: string;
  redirect_uri_type: "authorization" | "logout";
}

export interface OAuth2ProviderRecord {
  pk: number;
  name: string;
  authenticationFlow: string | null;
  authorizationFlow: string;
  invalidationFlow: string;
  propertyMappings: string[];
  clientType: "confidential" | "public";
  grantTypes: string[];
  clientId: string;
  clientSecret: string;
  accessCodeValidity: string;
  accessTokenValidity: string;
  refreshTokenValidity: string;
  refreshTokenThreshold: string;
  includeClaimsInIdToken: boolean;
  signingKey: string | null;
  encryptionKey: string | null;
  redirectUris: RedirectUri[];
  logoutUri: string;
  logoutMethod: "backchannel" | "frontchannel";
  subMode: "hashed_user_id" | "user_id" | "user_uuid" | "user_username" | "user_email" | "user_upn";
  issuerMode: "global" | "per_provider";
  jwtFederationSources: string[];
  jwtFederationProviders: number[];
}

/** authentik_core.Application; its provider is a OneToOne, backchannel providers point back at it. */
export interface ApplicationRecord {
  /** pbm_uuid (a PolicyBindingModel). */
  pk: string;
  name: string;
  slug: string;
  providerPk: number | null;
  backchannelProviderPks: number[];
  openInNewTab: boolean;
  metaLaunchUrl: string;
  metaIcon: string;
  metaDescription: string;
  metaPublisher: string;
  policyEngineMode: "all" | "any";
  group: string;
  metaHide: boolean;
}

/** authentik_crypto.CertificateKeyPair: PEM data as Authentik stores it (`key_data` "" when there is no key). */
export interface CertificateKeyPairRecord {
  pk: string;
  name: string;
  certificateData: string;
  keyData: string;
  managed: string | null;
}

/** authentik_policies.PolicyBinding: exactly one of policy, group or user, bound to a PolicyBindingModel. */
export interface PolicyBindingRecord {
  pk: string;
  /** The target's own pk (an application's pk, a flow's pk, a flow stage binding's pk). */
  targetPk: string;
  policyPk: string | null;
  groupPk: string | null;
  userPk: number | null;
  negate: boolean;
  enabled: boolean;
  order: number;
  timeout: number;
  failureResult: boolean;
}

/** The Stage subclasses the fake knows (`Stage.objects.select_subclasses()`). */
export type StageKind =
  | "invitation"
  | "prompt"
  | "user_write"
  | "authenticator_validate"
  | "authenticator_totp"
  | "authenticator_webauthn"
  | "user_login"
  | "redirect"
  | "email";

export interface StageRecord {
  pk: string;
  name: string;
  kind: StageKind;
}

/** authentik_flows.FlowStageBinding (a PolicyBindingModel too). */
export interface FlowStageBindingRecord {
  pk: string;
  pbmUuid: string;
  targetPk: string;
  stagePk: string;
  evaluateOnPlan: boolean;
  reEvaluatePolicies: boolean;
  order: number;
  policyEngineMode: "all" | "any";
  invalidResponseAction: "retry" | "restart" | "restart_with_context";
}

export interface RecoveryToken {
  key: string;
  userPk: number;
  flowSlug: string;
  expires: Date;
  /** A link shown to an admin is revoked once used; an e-mailed one is not (`revoke_on_execution`). */
  forEmail: boolean;
}

export interface SentRecoveryEmail {
  userPk: number;
  to: string;
  emailStage: string;
  link: string;
  sentAt: Date;
}
