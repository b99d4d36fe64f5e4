import { createHash, randomUUID, scryptSync, timingSafeEqual, randomBytes } from "node:crypto";

/**
 * The fake Authentik's users and groups, shared by its OIDC issuer, its flows and
 * its API, with Authentik's own field names. `uid` is what Authentik puts in the
 * OIDC `sub` under the default `hashed_user_id` mode.
 */
export interface DirectoryUser {
  pk: number;
  uuid: string;
  uid: string;
  username: string;
  name: string;
  email: string;
  isActive: boolean;
  attributes: Record<string, unknown>;
  groupIds: Set<string>;
  passwordHash: string | null;
  dateJoined: Date;
  lastLogin: Date | null;
  path: string;
  type: "internal" | "external" | "service_account" | "internal_service_account";
  passwordChangeDate: Date;
  lastUpdated: Date;
}

export interface DirectoryGroup {
  pk: string;
  numPk: number;
  name: string;
  isSuperuser: boolean;
  parent: string | null;
  /** Authentik 2025.12+ groups have several parents; `parent` stays the first of them. */
  parents: string[];
  attributes: Record<string, unknown>;
}

/** Where a sign-in came from, for the audit log (Authentik's `http_request` context). */
export interface SignInRequest {
  path: string;
  method: string;
  userAgent: string;
  clientIp: string | null;
}

export type SignInEvent =
  | { kind: "login"; user: DirectoryUser; how: "password" | "session"; request?: SignInRequest }
  | { kind: "login_failed"; identifier: string; request?: SignInRequest };

export interface SeedUser {
  username: string;
  name: string;
  email: string;
  password: string;
  groups?: string[];
  attributes?: Record<string, unknown>;
}

function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString("hex")}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function verifyPassword(password: string, stored: string): boolean {
  const [saltHex, hashHex] = stored.split(":");
  if (!saltHex || !hashHex) return false;
  const actual = scryptSync(password, Buffer.from(saltHex, "hex"), 32);
  return timingSafeEqual(actual, Buffer.from(hashHex, "hex"));
}

export class Directory {
  private users = new Map<number, DirectoryUser>();
  private groups = new Map<string, DirectoryGroup>();
  private nextUserPk = 1;
  private nextGroupPk = 1;
  private signInListeners = new Set<(event: SignInEvent) => void>();

  /** Authentik hashes `<user pk>-<install id>`; the sandbox has a fixed install id, so a sub is stable across restarts. */
  constructor(private readonly installId = "castello-sandbox") {}

  static uidFor(pk: number, installId = "castello-sandbox"): string {
    return createHash("sha256").update(`${pk}-${installId}`).digest("hex");
  }

  createGroup(input: {
    name: string;
    isSuperuser?: boolean;
    parent?: string | null;
    attributes?: Record<string, unknown>;
  }): DirectoryGroup {
    if (this.findGroupByName(input.name)) throw new Error(`group ${input.name} exists`);
    const group: DirectoryGroup = {
      pk: randomUUID(),
      numPk: this.nextGroupPk++,
      name: input.name,
      isSuperuser: input.isSuperuser ?? false,
      parent: input.parent ?? null,
      parents: input.parent ? [input.parent] : [],
      attributes: input.attributes ?? {},
    };
    this.groups.set(group.pk, group);
    return group;
  }

  ensureGroup(name: string): DirectoryGroup {
    return this.findGroupByName(name) ?? this.createGroup({ name });
  }

  findGroupByName(name: string): DirectoryGroup | undefined {
    return [...this.groups.values()].find((group) => group.name === name);
  }

  getGroup(pk: string): DirectoryGroup | undefined {
    return this.groups.get(pk);
  }

  listGroups(): DirectoryGroup[] {
    return [...this.groups.values()].sort((a, b) => a.numPk - b.numPk);
  }

  deleteGroup(pk: string): boolean {
    for (const user of this.users.values()) user.groupIds.delete(pk);
    for (const group of this.groups.values()) {
      group.parents = group.parents.filter((parent) => parent !== pk);
      group.parent = group.parents[0] ?? null;
    }
    return this.groups.delete(pk);
  }

  createUser(input: {
    username: string;
    name: string;
    email: string;
    password?: string | null;
    isActive?: boolean;
    attributes?: Record<string, unknown>;
    groups?: string[];
    path?: string;
    type?: DirectoryUser["type"];
  }): DirectoryUser {
    if (this.findUserByUsername(input.username)) throw new Error(`username ${input.username} exists`);
    const pk = this.nextUserPk++;
    const now = new Date();
    const user: DirectoryUser = {
      pk,
      uuid: randomUUID(),
      uid: Directory.uidFor(pk, this.installId),
      username: input.username,
      name: input.name,
      email: input.email,
      isActive: input.isActive ?? true,
      attributes: input.attributes ?? {},
      groupIds: new Set((input.groups ?? []).map((name) => this.ensureGroup(name).pk)),
      passwordHash: input.password ? hashPassword(input.password) : null,
      dateJoined: now,
      lastLogin: null,
      path: input.path ?? "users",
      type: input.type ?? "internal",
      passwordChangeDate: now,
      lastUpdated: now,
    };
    this.users.set(pk, user);
    return user;
  }

  seed(users: SeedUser[]): DirectoryUser[] {
    return users.map((user) => this.findUserByUsername(user.username) ?? this.createUser(user));
  }

  getUser(pk: number): DirectoryUser | undefined {
    return this.users.get(pk);
  }

  listUsers(): DirectoryUser[] {
    return [...this.users.values()].sort((a, b) => a.pk - b.pk);
  }

  findUserByUsername(username: string): DirectoryUser | undefined {
    return this.listUsers().find((user) => user.username === username);
  }

  findUserByUid(uid: string): DirectoryUser | undefined {
    return this.listUsers().find((user) => user.uid === uid);
  }

  findUserByLogin(identifier: string): DirectoryUser | undefined {
    const needle = identifier.trim().toLowerCase();
    return this.listUsers().find((user) => user.username.toLowerCase() === needle || user.email.toLowerCase() === needle);
  }

  setPassword(user: DirectoryUser, password: string): void {
    user.passwordHash = hashPassword(password);
    user.passwordChangeDate = new Date();
  }

  checkPassword(user: DirectoryUser, password: string): boolean {
    return user.passwordHash !== null && verifyPassword(password, user.passwordHash);
  }

  deleteUser(pk: number): boolean {
    return this.users.delete(pk);
  }

  /** Called by the login flow: updates `lastLogin` and tells listeners (the API's event log). */
  recordLogin(user: DirectoryUser, how: "password" | "session", request?: SignInRequest): void {
    user.lastLogin = new Date();
    this.emitSignIn({ kind: "login", user, how, request });
  }

  recordLoginFailed(identifier: string, request?: SignInRequest): void {
    this.emitSignIn({ kind: "login_failed", identifier, request });
  }

  onSignIn(listener: (event: SignInEvent) => void): () => void {
    this.signInListeners.add(listener);
    return () => this.signInListeners.delete(listener);
  }

  private emitSignIn(event: SignInEvent): void {
    for (const listener of this.signInListeners) listener(event);
  }

  groupNamesOf(user: DirectoryUser): string[] {
    return [...user.groupIds].map((id) => this.groups.get(id)?.name).filter((name): name is string => !!name);
  }
}
