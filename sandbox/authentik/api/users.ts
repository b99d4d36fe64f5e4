import type { DirectoryUser } from "../directory";
import { MESSAGES, nonFieldError, notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { attributesFilter, booleanParam, textParam } from "./filters";
import { canonicalUuid, isUuid } from "./format";
import { order, paginate, search } from "./pagination";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { serializeUser, userRef } from "./user-serializers";

const USER_TYPES = ["internal", "external", "service_account", "internal_service_account"] as const;

export function findUser(state: ApiState, id: string): DirectoryUser {
  if (!/^\d+$/.test(id)) throw notFound();
  const user = state.directory.getUser(Number(id));
  if (!user) throw notFoundFor("User");
  return user;
}

function filterUsers(state: ApiState, query: URLSearchParams): DirectoryUser[] {
  const { directory } = state;
  let users = directory.listUsers();
  const errors: Record<string, string[]> = {};
  for (const name of ["username", "email", "name", "path", "uuid"] as const) {
    const value = textParam(query, name);
    if (value === undefined) continue;
    if (name === "uuid") {
      if (!isUuid(value)) errors.uuid = [MESSAGES.uuid];
      else users = users.filter((user) => user.uuid === canonicalUuid(value));
    } else {
      users = users.filter((user) => user[name] === value);
    }
  }
  const pathPrefix = textParam(query, "path_startswith");
  if (pathPrefix !== undefined) users = users.filter((user) => user.path.startsWith(pathPrefix));
  const isActive = booleanParam(query, "is_active");
  if (isActive !== undefined) users = users.filter((user) => user.isActive === isActive);
  const isSuperuser = booleanParam(query, "is_superuser");
  if (isSuperuser !== undefined) {
    users = users.filter((user) => [...user.groupIds].some((pk) => directory.getGroup(pk)?.isSuperuser) === isSuperuser);
  }
  const neverLoggedIn = booleanParam(query, "last_login__isnull");
  if (neverLoggedIn !== undefined) users = users.filter((user) => (user.lastLogin === null) === neverLoggedIn);
  const types = query.getAll("type").filter(Boolean);
  const badType = types.find((type) => !USER_TYPES.includes(type as never));
  if (badType) errors.type = [`Select a valid choice. ${badType} is not one of the available choices.`];
  else if (types.length > 0) users = users.filter((user) => types.includes(user.type));
  // ModelMultipleChoiceFilter: any of the groups, and every value must name an existing group.
  const byName = query.getAll("groups_by_name").filter(Boolean);
  const missingName = byName.find((name) => !directory.findGroupByName(name));
  if (missingName) errors.groups_by_name = [`Select a valid choice. ${missingName} is not one of the available choices.`];
  else if (byName.length > 0) {
    const pks = new Set(byName.map((name) => directory.findGroupByName(name)!.pk));
    users = users.filter((user) => [...user.groupIds].some((pk) => pks.has(pk)));
  }
  const byPk = query.getAll("groups_by_pk").filter(Boolean);
  const malformed = byPk.find((pk) => !isUuid(pk));
  const missingPk = byPk.find((pk) => isUuid(pk) && !directory.getGroup(canonicalUuid(pk)));
  if (malformed) errors.groups_by_pk = [`“${malformed}” is not a valid value.`];
  else if (missingPk) errors.groups_by_pk = [`Select a valid choice. ${missingPk} is not one of the available choices.`];
  else if (byPk.length > 0) {
    const pks = new Set(byPk.map(canonicalUuid));
    users = users.filter((user) => [...user.groupIds].some((pk) => pks.has(pk)));
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const matchesAttributes = attributesFilter(query);
  if (matchesAttributes) users = users.filter((user) => matchesAttributes(user.attributes));
  return users;
}

function list(request: ApiRequest, state: ApiState) {
  const users = search(filterUsers(state, request.query), request.query, [(u) => u.email, (u) => u.name, (u) => u.uuid, (u) => u.username]);
  const ordered = order(
    users,
    request.query,
    {
      pk: (u) => u.pk,
      username: (u) => u.username,
      name: (u) => u.name,
      is_active: (u) => u.isActive,
      last_login: (u) => u.lastLogin,
      date_joined: (u) => u.dateJoined,
      email: (u) => u.email,
      path: (u) => u.path,
      type: (u) => u.type,
      uuid: (u) => u.uuid,
      password_change_date: (u) => u.passwordChangeDate,
      last_updated: (u) => u.lastUpdated,
    },
    ["username", "date_joined", "last_updated", "last_login"],
  );
  return { status: 200, body: paginate(ordered, request.query, state, (user) => serializeUser(state.directory, user, request.query)) };
}

interface UserInput {
  username?: string;
  name?: string;
  isActive?: boolean;
  lastLogin?: Date | null;
  groups?: string[];
  email?: string;
  attributes?: Record<string, unknown>;
  path?: string;
  type?: DirectoryUser["type"];
}

/** UserSerializer's fields and validators, in its field order. */
async function readUser(request: ApiRequest, state: ApiState, instance: DirectoryUser | undefined, partial: boolean): Promise<UserInput> {
  const body = BodyReader.from(await request.body(), partial);
  const input: UserInput = {};
  input.username = body.string("username", { required: true, maxLength: 150 }) ?? undefined;
  if (input.username !== undefined) {
    const taken = state.directory.findUserByUsername(input.username);
    if (taken && taken !== instance) input.username = body.fail("username", MESSAGES.unique);
  }
  input.name = body.string("name", { required: true, allowBlank: true }) ?? undefined;
  input.isActive = body.boolean("is_active");
  input.lastLogin = body.datetime("last_login", { allowNull: true });
  input.groups = body.relatedUuids("groups", (pk) => !!state.directory.getGroup(pk));
  body.relatedUuids("roles", () => false);
  input.email = body.email("email", { maxLength: 254 });
  input.attributes = body.dict("attributes");
  input.path = body.string("path") ?? undefined;
  if (input.path !== undefined && (input.path.startsWith("/") || input.path.endsWith("/")))
    input.path = body.fail("path", "No leading or trailing slashes allowed.");
  else if (input.path !== undefined && input.path.split("/").includes(""))
    input.path = body.fail("path", "No empty segments in user path allowed.");
  input.type = body.choice("type", USER_TYPES);
  if (instance?.type === "internal_service_account" && input.type && input.type !== "internal_service_account") {
    input.type = body.fail("type", "Can't change internal service account to other user type.");
  }
  if (!instance && input.type === "internal_service_account")
    input.type = body.fail("type", "Setting a user to internal service account is not allowed.");
  body.throwIfInvalid();
  if (instance?.type === "internal_service_account") throw nonFieldError("Can't modify internal service account users");
  return input;
}

function apply(user: DirectoryUser, input: UserInput): void {
  if (input.username !== undefined) user.username = input.username;
  if (input.name !== undefined) user.name = input.name;
  if (input.isActive !== undefined) user.isActive = input.isActive;
  if (input.lastLogin !== undefined) user.lastLogin = input.lastLogin;
  if (input.email !== undefined) user.email = input.email;
  // A JSONField is replaced as a whole, not merged.
  if (input.attributes !== undefined) user.attributes = input.attributes;
  if (input.path !== undefined) user.path = input.path;
  if (input.type !== undefined) user.type = input.type;
  if (input.groups !== undefined) user.groupIds = new Set(input.groups);
  user.lastUpdated = new Date();
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readUser(request, state, undefined, false);
  const user = state.directory.createUser({ username: input.username!, name: input.name!, email: input.email ?? "", password: null });
  apply(user, input);
  const actor = eventUser(request.user);
  state.events.model("model_created", userRef(user), actor, request.info);
  if (input.groups && input.groups.length > 0) state.events.model("model_updated", userRef(user), actor, request.info);
  return { status: 201, body: serializeUser(state.directory, user) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const user = findUser(state, request.params.id!);
  const input = await readUser(request, state, user, partial);
  apply(user, input);
  state.events.model("model_updated", userRef(user), eventUser(request.user), request.info);
  return { status: 200, body: serializeUser(state.directory, user) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const user = findUser(state, request.params.id!);
  state.events.model("model_deleted", userRef(user), eventUser(request.user), request.info);
  state.deleteUser(user);
  return { status: 204 };
}

async function setPassword(request: ApiRequest, state: ApiState) {
  const body = BodyReader.from(await request.body());
  const password = body.string("password", { required: true });
  body.throwIfInvalid();
  const user = findUser(state, request.params.id!);
  state.directory.setPassword(user, password!);
  user.lastUpdated = new Date();
  state.events.record({ action: "password_set", app: "authentik.events.signals", user: eventUser(user), request: request.info });
  state.events.model("model_updated", userRef(user), eventUser(request.user), request.info);
  return { status: 204 };
}

export const userRoutes: Route[] = [
  { method: "GET", path: "/core/users/", handler: list },
  { method: "POST", path: "/core/users/", handler: create },
  {
    method: "GET",
    path: "/core/users/{id}/",
    handler: (request, state) => ({
      status: 200,
      body: serializeUser(state.directory, findUser(state, request.params.id!), request.query),
    }),
  },
  { method: "PUT", path: "/core/users/{id}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/core/users/{id}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/core/users/{id}/", handler: destroy },
  { method: "POST", path: "/core/users/{id}/set_password/", handler: setPassword },
];
