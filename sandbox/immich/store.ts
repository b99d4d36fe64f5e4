import { randomUUID } from "node:crypto";
import { AssetTypeEnum, UserStatus, type Permission, type UserAvatarColor } from "@immich/sdk";
import { ConstraintViolation } from "./errors";
import { hashPassword, hashToken, randomSecret } from "./secrets";

/** What the fake's statistics report per user; real Immich computes it from the user's assets. */
export interface UsageBreakdown {
  /** Bytes stored; the same number as `quotaUsageInBytes`. */
  usage: number;
  photos: number;
  videos: number;
  usagePhotos: number;
  usageVideos: number;
}

/** One row of Immich's `user` table, as far as the fake needs it. */
export interface StoredUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  pinCodeHash: string | null;
  isAdmin: boolean;
  shouldChangePassword: boolean;
  storageLabel: string | null;
  /** null = unlimited, 0 = no uploads. */
  quotaSizeInBytes: number | null;
  quotaUsageInBytes: number;
  /** The OIDC `sub` an OAuth login linked to this user; "" when none. */
  oauthId: string;
  avatarColor: UserAvatarColor | null;
  profileImagePath: string;
  profileChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  status: UserStatus;
  clusterGroupId: string;
  usage: UsageBreakdown;
}

export interface UserInsert {
  email: string;
  name: string;
  /** Plain text; the store keeps only its hash. */
  password?: string | null;
  pinCode?: string | null;
  isAdmin?: boolean;
  shouldChangePassword?: boolean;
  storageLabel?: string | null;
  quotaSizeInBytes?: number | null;
  oauthId?: string;
  avatarColor?: UserAvatarColor | null;
}

export type UserPatch = Partial<
  Pick<
    StoredUser,
    | "email"
    | "name"
    | "isAdmin"
    | "shouldChangePassword"
    | "storageLabel"
    | "quotaSizeInBytes"
    | "oauthId"
    | "avatarColor"
    | "deletedAt"
    | "status"
    | "updatedAt"
  >
> & { password?: string; pinCode?: string | null };

export interface StoredApiKey {
  id: string;
  name: string;
  /** SHA-256 of the secret; the secret itself is only ever returned once, at creation. */
  keyHash: string;
  userId: string;
  permissions: Permission[];
  createdAt: Date;
  updatedAt: Date;
}

export interface StoredSession {
  id: string;
  tokenHash: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** One row of Immich's `partner` table: the sharer shows their library to the partner. */
export interface StoredPartner {
  sharedById: string;
  sharedWithId: string;
  inTimeline: boolean;
  createdAt: Date;
}

/** An uploaded file, as far as the fake's timeline and `GET /api/assets/:id` show it. */
export interface StoredAsset {
  id: string;
  ownerId: string;
  originalFileName: string;
  size: number;
  createdAt: Date;
  type: AssetTypeEnum.Image | AssetTypeEnum.Video;
  /** Base64 SHA-1 of the bytes, as Immich stores it. */
  checksum: string;
  originalMimeType: string;
  fileCreatedAt: Date;
  fileModifiedAt: Date;
  deviceAssetId: string;
  deviceId: string;
}

/** What an upload says about the file besides its name and size; the store fills in the rest. */
export type AssetDetails = Partial<
  Pick<StoredAsset, "type" | "checksum" | "originalMimeType" | "fileCreatedAt" | "fileModifiedAt" | "deviceAssetId" | "deviceId">
>;

const EMPTY_USAGE: UsageBreakdown = { usage: 0, photos: 0, videos: 0, usagePhotos: 0, usageVideos: 0 };

/**
 * The fake's database, with the defaults and constraints of Immich's schema: `shouldChangePassword`
 * defaults to true, e-mail and storage label are unique over all rows (deleted ones included),
 * and lookups that Immich filters on `deletedAt IS NULL` do the same here.
 */
export class ImmichStore {
  private users = new Map<string, StoredUser>();
  private apiKeys = new Map<string, StoredApiKey>();
  private sessions = new Map<string, StoredSession>();
  private partners: StoredPartner[] = [];
  private assets: StoredAsset[] = [];
  // Breaks createdAt ties so listings keep insertion order, as rows created in one millisecond would not.
  private order = new Map<string, number>();
  private sequence = 0;

  insertUser(input: UserInsert): StoredUser {
    const now = new Date();
    const user: StoredUser = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      passwordHash: input.password ? hashPassword(input.password) : null,
      pinCodeHash: input.pinCode ? hashPassword(input.pinCode) : null,
      isAdmin: input.isAdmin ?? false,
      shouldChangePassword: input.shouldChangePassword ?? true,
      storageLabel: input.storageLabel ?? null,
      quotaSizeInBytes: input.quotaSizeInBytes ?? null,
      quotaUsageInBytes: 0,
      oauthId: input.oauthId ?? "",
      avatarColor: input.avatarColor ?? null,
      profileImagePath: "",
      profileChangedAt: now,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      status: UserStatus.Active,
      clusterGroupId: randomUUID(),
      usage: { ...EMPTY_USAGE },
    };
    this.checkUnique(user);
    this.users.set(user.id, user);
    this.order.set(user.id, this.sequence++);
    return { ...user };
  }

  getUser(id: string, options: { withDeleted?: boolean } = {}): StoredUser | undefined {
    const user = this.users.get(id);
    if (!user || (user.deletedAt && !options.withDeleted)) return undefined;
    return { ...user };
  }

  /** Exact match, like Immich: e-mails are lower-cased when they come in. Skips deleted users. */
  findUserByEmail(email: string): StoredUser | undefined {
    return this.active().find((user) => user.email === email);
  }

  findUserByOAuthId(oauthId: string): StoredUser | undefined {
    return oauthId ? this.active().find((user) => user.oauthId === oauthId) : undefined;
  }

  findUserByStorageLabel(storageLabel: string): StoredUser | undefined {
    return this.active().find((user) => user.storageLabel === storageLabel);
  }

  getAdmin(): StoredUser | undefined {
    return this.active().find((user) => user.isAdmin);
  }

  hasAdmin(): boolean {
    return this.getAdmin() !== undefined;
  }

  /** Newest first, like `GET /api/admin/users`. */
  listUsers(filter: { id?: string; withDeleted?: boolean } = {}): StoredUser[] {
    return this.sorted("desc").filter((user) => (filter.withDeleted || !user.deletedAt) && (!filter.id || user.id === filter.id));
  }

  /** Every user, deleted ones included, oldest first: the rows `GET /api/server/statistics` reports. */
  statisticsRows(): StoredUser[] {
    return this.sorted("asc");
  }

  updateUser(id: string, patch: UserPatch): StoredUser {
    const current = this.users.get(id);
    if (!current) throw new Error(`No user ${id}`);
    const { password, pinCode, ...fields } = patch;
    const next: StoredUser = { ...current };
    for (const [key, value] of Object.entries(fields)) {
      // Like Kysely's `set()`: an undefined field is left as it is.
      if (value !== undefined) Object.assign(next, { [key]: value });
    }
    if (password) next.passwordHash = hashPassword(password);
    if (pinCode !== undefined) next.pinCodeHash = pinCode ? hashPassword(pinCode) : null;
    this.checkUnique(next);
    this.users.set(id, next);
    return { ...next };
  }

  /** Hard delete, as Immich's UserDelete job does; the user's keys and sessions go with it. */
  removeUser(id: string): void {
    this.users.delete(id);
    this.order.delete(id);
    for (const [keyId, key] of this.apiKeys) if (key.userId === id) this.apiKeys.delete(keyId);
    for (const [sessionId, session] of this.sessions) if (session.userId === id) this.sessions.delete(sessionId);
    // The partner and asset rows cascade with the user, as their foreign keys do.
    this.partners = this.partners.filter((row) => row.sharedById !== id && row.sharedWithId !== id);
    this.assets = this.assets.filter((asset) => asset.ownerId !== id);
  }

  /** Immich's nightly user-delete check: purges users deleted more than `deleteDelayDays` ago. */
  purgeDeletedUsers(deleteDelayDays = 7, now = new Date()): string[] {
    const cutoff = now.getTime() - deleteDelayDays * 24 * 60 * 60 * 1000;
    const purged = [...this.users.values()].filter((user) => user.deletedAt && user.deletedAt.getTime() <= cutoff).map((user) => user.id);
    purged.forEach((id) => this.removeUser(id));
    return purged;
  }

  /** Sets what the user has stored; by default all of it counts as photos in the statistics. */
  setUsage(userId: string, bytes: number, breakdown: Partial<Omit<UsageBreakdown, "usage">> = {}): StoredUser {
    const user = this.users.get(userId);
    if (!user) throw new Error(`No user ${userId}`);
    user.quotaUsageInBytes = bytes;
    user.usage = { ...EMPTY_USAGE, usagePhotos: bytes, ...breakdown, usage: bytes };
    return { ...user };
  }

  createApiKey(userId: string, name: string, permissions: Permission[]): { apiKey: StoredApiKey; secret: string } {
    const secret = randomSecret();
    const now = new Date();
    const apiKey: StoredApiKey = {
      id: randomUUID(),
      name,
      keyHash: hashToken(secret),
      userId,
      permissions: [...permissions],
      createdAt: now,
      updatedAt: now,
    };
    this.apiKeys.set(apiKey.id, apiKey);
    return { apiKey: { ...apiKey }, secret };
  }

  findApiKeyBySecret(secret: string): StoredApiKey | undefined {
    const keyHash = hashToken(secret);
    const apiKey = [...this.apiKeys.values()].find((key) => key.keyHash === keyHash);
    return apiKey && { ...apiKey };
  }

  /** A user's keys, newest first. */
  listApiKeys(userId: string): StoredApiKey[] {
    return [...this.apiKeys.values()]
      .filter((key) => key.userId === userId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((key) => ({ ...key }));
  }

  getApiKey(userId: string, id: string): StoredApiKey | undefined {
    const apiKey = this.apiKeys.get(id);
    return apiKey?.userId === userId ? { ...apiKey } : undefined;
  }

  updateApiKey(userId: string, id: string, patch: { name?: string; permissions?: Permission[] }): StoredApiKey {
    const apiKey = this.apiKeys.get(id);
    if (!apiKey || apiKey.userId !== userId) throw new Error(`No API key ${id}`);
    const next = {
      ...apiKey,
      name: patch.name ?? apiKey.name,
      permissions: patch.permissions ?? apiKey.permissions,
      updatedAt: new Date(),
    };
    this.apiKeys.set(id, next);
    return { ...next };
  }

  deleteApiKey(userId: string, id: string): void {
    if (this.apiKeys.get(id)?.userId === userId) this.apiKeys.delete(id);
  }

  createSession(userId: string): { session: StoredSession; token: string } {
    const token = randomSecret();
    const now = new Date();
    const session: StoredSession = { id: randomUUID(), tokenHash: hashToken(token), userId, createdAt: now, updatedAt: now };
    this.sessions.set(session.id, session);
    return { session: { ...session }, token };
  }

  findSessionByToken(token: string): StoredSession | undefined {
    const tokenHash = hashToken(token);
    const session = [...this.sessions.values()].find((candidate) => candidate.tokenHash === tokenHash);
    return session && { ...session };
  }

  deleteSession(id: string): void {
    this.sessions.delete(id);
  }

  listSessions(userId: string): StoredSession[] {
    return [...this.sessions.values()].filter((session) => session.userId === userId).map((session) => ({ ...session }));
  }

  getSession(id: string): StoredSession | undefined {
    const session = this.sessions.get(id);
    return session && { ...session };
  }

  /**
   * Rows where the user is the sharer (`shared-by`) or the partner (`shared-with`). Like
   * PartnerRepository.getAll, a row whose other user is soft-deleted is left out.
   */
  listPartners(userId: string, direction: "shared-by" | "shared-with"): StoredPartner[] {
    const live = (id: string) => this.getUser(id) !== undefined;
    return this.partners
      .filter((row) => (direction === "shared-by" ? row.sharedById : row.sharedWithId) === userId)
      .filter((row) => live(row.sharedById) && live(row.sharedWithId))
      .map((row) => ({ ...row }));
  }

  getPartner(sharedById: string, sharedWithId: string): StoredPartner | undefined {
    const row = this.partners.find((candidate) => candidate.sharedById === sharedById && candidate.sharedWithId === sharedWithId);
    return row && { ...row };
  }

  insertPartner(sharedById: string, sharedWithId: string): StoredPartner {
    if (this.getPartner(sharedById, sharedWithId)) throw new ConstraintViolation("partner_pkey");
    const row: StoredPartner = { sharedById, sharedWithId, inTimeline: false, createdAt: new Date() };
    this.partners.push(row);
    return { ...row };
  }

  updatePartner(sharedById: string, sharedWithId: string, inTimeline: boolean): StoredPartner {
    const row = this.partners.find((candidate) => candidate.sharedById === sharedById && candidate.sharedWithId === sharedWithId);
    if (!row) throw new Error("No partner row");
    row.inTimeline = inTimeline;
    return { ...row };
  }

  deletePartner(sharedById: string, sharedWithId: string): void {
    this.partners = this.partners.filter((row) => !(row.sharedById === sharedById && row.sharedWithId === sharedWithId));
  }

  /** An upload: the owner's usage grows by the file's size, as Immich's quota counter does (photo or video in the statistics). */
  insertAsset(ownerId: string, originalFileName: string, size: number, details: AssetDetails = {}): StoredAsset {
    const now = new Date();
    const asset: StoredAsset = {
      id: randomUUID(),
      ownerId,
      originalFileName,
      size,
      createdAt: now,
      type: details.type ?? AssetTypeEnum.Image,
      checksum: details.checksum ?? "",
      originalMimeType: details.originalMimeType ?? "application/octet-stream",
      fileCreatedAt: details.fileCreatedAt ?? now,
      fileModifiedAt: details.fileModifiedAt ?? now,
      deviceAssetId: details.deviceAssetId ?? "",
      deviceId: details.deviceId ?? "",
    };
    this.assets.push(asset);
    const user = this.users.get(ownerId);
    if (user) {
      const video = asset.type === AssetTypeEnum.Video;
      user.quotaUsageInBytes += size;
      user.usage = {
        ...user.usage,
        usage: user.usage.usage + size,
        photos: user.usage.photos + (video ? 0 : 1),
        videos: user.usage.videos + (video ? 1 : 0),
        usagePhotos: user.usage.usagePhotos + (video ? 0 : size),
        usageVideos: user.usage.usageVideos + (video ? size : 0),
      };
    }
    return { ...asset };
  }

  getAsset(id: string): StoredAsset | undefined {
    const asset = this.assets.find((candidate) => candidate.id === id);
    return asset && { ...asset };
  }

  /** A user's own assets, newest first. */
  listAssets(ownerId: string): StoredAsset[] {
    return this.assets
      .filter((asset) => asset.ownerId === ownerId)
      .reverse()
      .map((asset) => ({ ...asset }));
  }

  /** What `/photos` shows: the user's own assets and those of partners they show in their timeline, newest first. */
  timelineOf(userId: string): StoredAsset[] {
    const owners = new Set([
      userId,
      ...this.listPartners(userId, "shared-with")
        .filter((row) => row.inTimeline)
        .map((row) => row.sharedById),
    ]);
    return this.assets
      .filter((asset) => owners.has(asset.ownerId))
      .reverse()
      .map((asset) => ({ ...asset }));
  }

  private active(): StoredUser[] {
    return this.sorted("asc").filter((user) => !user.deletedAt);
  }

  private sorted(direction: "asc" | "desc"): StoredUser[] {
    const sign = direction === "asc" ? 1 : -1;
    return [...this.users.values()]
      .sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || this.order.get(a.id)! - this.order.get(b.id)!))
      .map((user) => ({ ...user }));
  }

  private checkUnique(candidate: StoredUser): void {
    for (const user of this.users.values()) {
      if (user.id === candidate.id) continue;
      if (user.email === candidate.email) throw new ConstraintViolation(`duplicate key value violates unique constraint "user_email_uq"`);
      if (candidate.storageLabel !== null && user.storageLabel === candidate.storageLabel) {
        throw new ConstraintViolation(`duplicate key value violates unique constraint "user_storageLabel_uq"`);
      }
    }
  }
}
