/**
 * What Castello asks of a tenant's photo server. The domain speaks only to this port; the
 * Immich adapter (lib/photos/immich) implements it over @immich/sdk. Failures are
 * IntegrationErrors (lib/integrations/errors) whose userMessage a person can read.
 */

import type { Message } from "@/lib/i18n/message";

/** A tenant as the photos adapter needs it: its server's URL and its sealed admin key. */
export interface PhotosTenant {
  slug: string;
  immichUrl: string;
  immichApiKeyEncrypted: string | null;
}

export interface PhotosUser {
  id: string;
  email: string;
  name: string;
  /** `deleted`: soft-deleted, restorable until the server purges it. */
  status: "active" | "removing" | "deleted";
  /** The server's administrators are the operator's own accounts, not members'. */
  isAdmin: boolean;
  quotaBytes: number | null;
  usageBytes: number | null;
  deletedAt: Date | null;
  /** When the server purges a soft-deleted user (its default delay; an operator may have changed it). */
  restorableUntil: Date | null;
}

export interface PhotosServerCheck {
  version: string;
  keyName?: string;
}

export interface PhotosHealth {
  reachable: boolean;
  version?: string;
  /** Why it is not reachable, in the reader's language once rendered. */
  error?: Message;
}

/** The server's single sign-on settings, as far as Castello sets them. */
export interface PhotosOAuthSettings {
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  signingAlgorithm: string;
  /** Off: only people Castello provisioned get in. */
  autoRegister: boolean;
  autoLaunch: boolean;
  buttonText: string;
  /** Needed for a plain-http issuer (a trial or the sandbox); off otherwise. */
  allowInsecureRequests: boolean;
}

/** How Castello signs in as one of the accounts it keeps itself (a family's shared library, its guests). */
export interface PhotosCredentials {
  email: string;
  password: string;
}

/** One tenant's photo server, with its admin key unsealed for this use only. */
export interface TenantPhotos {
  findUserByEmail(email: string): Promise<PhotosUser | undefined>;
  getUser(id: string): Promise<PhotosUser | undefined>;
  /**
   * Creates the user. Without a password it gets a random one nobody sees: they sign in through
   * the identity provider. Castello's own accounts get the password it keeps sealed.
   */
  createUser(input: { email: string; name: string; quotaBytes: number | null; password?: string }): Promise<PhotosUser>;
  setPassword(id: string, password: string): Promise<void>;
  /** The sharer shows its whole library to the partner (view only); done when already shared. */
  sharePartner(sharer: PhotosCredentials, partnerUserId: string): Promise<void>;
  /** The viewer shows a partner's shared library in its own timeline. */
  showPartnerInTimeline(viewer: PhotosCredentials, sharerUserId: string): Promise<void>;
  /** Signs every device of the account out (including the apps); returns how many sessions ended. */
  endSessions(account: PhotosCredentials): Promise<number>;
  setQuota(id: string, quotaBytes: number | null): Promise<void>;
  setEmail(id: string, email: string): Promise<void>;
  restoreUser(id: string): Promise<void>;
  /** Restorable until the server's deletion delay ends; a user already gone counts as done. */
  softDeleteUser(id: string): Promise<void>;
  /** Every user, soft-deleted ones included. */
  listUsers(): Promise<PhotosUser[]>;
  getOAuthSettings(): Promise<PhotosOAuthSettings>;
  /** Changes only these settings; the rest of the server's configuration stays as it is. */
  setOAuthSettings(settings: PhotosOAuthSettings): Promise<void>;
  /** Bytes used per user id, from one call. */
  usageByUser(): Promise<Map<string, number>>;
  /** Reachable and its version; never throws. */
  health(): Promise<PhotosHealth>;
}

export interface PhotosPort {
  /**
   * Checks a URL and admin key before a tenant is saved: the server answers, it is the photo
   * server, and the key has what Castello needs. Throws an IntegrationError saying what is wrong.
   */
  verifyServer(connection: { url: string; apiKey: string }): Promise<PhotosServerCheck>;
  /** Throws NotFoundError when the tenant has no key, SecretDecryptionError when it cannot be unsealed. */
  forTenant(tenant: PhotosTenant): TenantPhotos;
  /** Where a member opens their photos: the server's login, straight into its OAuth sign-in. */
  loginUrl(tenant: Pick<PhotosTenant, "immichUrl">): string;
}
