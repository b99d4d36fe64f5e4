/**
 * What Castello asks of its identity provider. The domain speaks only to this port; the
 * Authentik adapter (lib/identity/authentik) implements it over the official client, and an
 * adapter for another provider (Keycloak's admin API, say) would implement the same calls.
 * Ids are strings: each provider has its own kind (Authentik's integer pk, Keycloak's UUID).
 * Failures are IntegrationErrors (lib/integrations/errors) whose userMessage a person can read.
 */

import type { Message } from "@/lib/i18n/message";

/** A person's account at the provider. `sub` is what the provider's OIDC tokens carry for them. */
export interface IdentityAccount {
  id: string;
  sub: string;
  username: string;
  email: string;
  name: string;
  isActive: boolean;
}

export interface IdentityAccountDetail extends IdentityAccount {
  groupNames: string[];
  createdAt: Date | null;
  lastLoginAt: Date | null;
}

export interface IdentityGroup {
  id: string;
  name: string;
  /** False when a group of that name already existed and was adopted. */
  created: boolean;
}

/** What an enrollment invitation carries into the account it creates (docs/authentik-setup.md). */
export interface EnrollmentInvitationRequest {
  /** Deterministic, so a retried job adopts the invitation an earlier attempt created. */
  name: string;
  expires: Date;
  email: string;
  inviteId: number;
  familyId: number;
  tenantSlug: string;
}

export const MFA_DEVICE_KINDS = ["totp", "webauthn", "static", "email", "sms", "duo"] as const;
export type MfaDeviceKind = (typeof MFA_DEVICE_KINDS)[number];

export interface MfaDevice {
  id: string;
  kind: MfaDeviceKind | "other";
  name: string;
  confirmed: boolean;
  createdAt: Date | null;
  lastUsedAt: Date | null;
}

export interface IdentityEvent {
  id: string;
  action: string;
  createdAt: Date;
  clientIp: string | null;
}

export interface IdentityHealth {
  reachable: boolean;
  /** Whether Castello's own credentials are accepted (only known when reachable). */
  credentialsAccepted?: boolean;
  /** What went wrong, in the reader's language once rendered. */
  error?: Message;
}

export interface SetupCheckItem {
  /** The object checked, and what was found: both rendered in the reader's language. */
  label: Message;
  ok: boolean;
  detail: Message;
}

export interface SetupExpectations {
  operatorGroup: string;
  supportGroup: string;
  /** The OIDC application the portal signs in with, and its callback URL. */
  applicationSlug: string;
  callbackUrl: string;
}

/**
 * A confidential OIDC client Castello keeps at the provider for another service (a tenant's
 * photo server): what it must be. The provider's own objects are found by `slug`.
 */
export interface OAuthClientSpec {
  slug: string;
  name: string;
  clientId: string;
  clientSecret: string;
  /** Compared exactly (strict matching), never as patterns. */
  redirectUris: string[];
  launchUrl: string;
  scopes: string[];
  /** Only members of this group may sign in through the client. */
  allowedGroupId: string;
  /**
   * Where on each account Castello writes the shared account (SharedAccountClaims) a person signs
   * in to through this client: when set, the client's tokens carry that account's identity instead
   * of the person's own (docs/sharing.md).
   */
  sharedAccountsKey: string;
}

/** The identity a person presents to a photo server in place of their own: a family's shared account. */
export interface SharedAccountClaims {
  sub: string;
  email: string;
  name: string;
}

/** What the provider holds for a client, as found; `application` is null when only the provider exists. */
export interface OAuthClientState {
  providerId: string;
  clientId: string;
  clientSecret: string;
  confidential: boolean;
  redirectUris: { url: string; strict: boolean }[];
  /** How ID tokens are signed: RS256 with a key pair, HS256 with the client secret when none. */
  signingAlgorithm: string;
  scopes: string[];
  /** The key the client's claim mappings read shared accounts from; null when they are not Castello's. */
  sharedAccountsKey: string | null;
  issuerUrl: string;
  application: { slug: string; name: string; launchUrl: string | null; allowedGroupIds: string[] } | null;
}

/** One account of a group, as drift checks compare them. */
export interface GroupMember {
  accountId: string;
  sub: string;
  email: string;
  username: string;
}

export interface IdentityPort {
  /** Finds the group by its (unique) name or creates it: safe to run any number of times. */
  ensureGroup(name: string, attributes?: Record<string, unknown>): Promise<IdentityGroup>;
  addToGroup(groupId: string, accountId: string): Promise<void>;
  /** Done when the account is out of the group, including when it was never in it or is gone. */
  removeFromGroup(groupId: string, accountId: string): Promise<void>;

  /** Creates the single-use enrollment invitation, or adopts the one with the same name. Returns its id. */
  openEnrollmentInvitation(request: EnrollmentInvitationRequest): Promise<string>;
  /** False once used or deleted: a single-use invitation disappears as soon as its flow uses it. */
  invitationExists(invitationId: string): Promise<boolean>;
  /** Done when gone, including when it was already gone. */
  deleteInvitation(invitationId: string): Promise<void>;
  /** Where the invitee creates their account with this invitation. */
  enrollmentUrl(invitationId: string): string;
  /** Where a person manages their own account: authenticators, passkeys, password. */
  accountSettingsUrl(): string;

  /** The accounts an invitation's enrollment created (it writes the invite id onto the account). */
  findAccountsByInvite(inviteId: number): Promise<IdentityAccount[]>;
  /** Accounts with this address, compared trimmed and lower-cased. */
  findAccountsByEmail(email: string): Promise<IdentityAccount[]>;
  /** One account with its group names; undefined when it no longer exists. */
  getAccount(accountId: string): Promise<IdentityAccountDetail | undefined>;
  setAccountActive(accountId: string, active: boolean): Promise<void>;
  /** The current groups of the signed-in person: [] when their account is gone or inactive. */
  currentGroups(person: { sub: string; email: string }): Promise<string[]>;

  listMfaDevices(accountId: string): Promise<MfaDevice[]>;
  /** Removes one device, so the person sets MFA up again at their next sign-in. */
  resetMfaDevice(device: { id: string; kind: MfaDeviceKind }): Promise<void>;
  /** A one-time link the person can use to set a new password. */
  recoveryLink(accountId: string): Promise<string>;
  /** The provider mails the person a one-time recovery link itself. */
  sendRecoveryEmail(accountId: string): Promise<void>;
  /** The provider's own audit log about one account, newest first. */
  eventsOf(username: string, limit?: number): Promise<IdentityEvent[]>;

  /** Creates or updates the client (provider, application, group binding) to match the spec. */
  ensureOAuthClient(spec: OAuthClientSpec): Promise<OAuthClientState>;
  /** The client as the provider has it now; undefined when neither its application nor provider exists. */
  inspectOAuthClient(slug: string): Promise<OAuthClientState | undefined>;
  /** The issuer a client with this slug signs its tokens as (its OIDC discovery lives below it). */
  oauthIssuerUrl(slug: string): string;
  /**
   * Sets (or, with null, clears) the shared account the person signs in to through the clients
   * that read `key`. Returns what was there before, so the caller can end its sessions.
   */
  setSharedAccount(accountId: string, key: string, account: SharedAccountClaims | null): Promise<SharedAccountClaims | null>;
  /** Every account in the group, however many pages that takes. */
  listGroupMembers(groupId: string): Promise<GroupMember[]>;

  /** Reachable and credentials accepted; never throws. */
  health(): Promise<IdentityHealth>;
  /** Every object Castello needs at the provider, as a checklist; never throws. */
  checkSetup(expected: SetupExpectations): Promise<SetupCheckItem[]>;
}
