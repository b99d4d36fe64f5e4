import type { DirectoryGroup } from "../directory";
import { MESSAGES, notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { attributesFilter, booleanParam, textParam } from "./filters";
import { isUuid, canonicalUuid } from "./format";
import { order, paginate, search } from "./pagination";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";
import { groupRef, partialUser } from "./user-serializers";

function findGroup(state: ApiState, id: string): DirectoryGroup {
  if (!isUuid(id)) throw notFound();
  const group = state.directory.getGroup(canonicalUuid(id));
  if (!group) throw notFoundFor("Group");
  return group;
}

function relatedGroup(group: DirectoryGroup) {
  return { pk: group.pk, name: group.name, is_superuser: group.isSuperuser, attributes: group.attributes, group_uuid: group.pk };
}

/** authentik.core.api.groups.GroupSerializer with its `include_*` query switches. */
function serializeGroup(state: ApiState, group: DirectoryGroup, query?: URLSearchParams) {
  const flag = (name: string, fallback: boolean) => (query?.get(name) ?? String(fallback)).toLowerCase() === "true";
  const { directory } = state;
  const members = directory.listUsers().filter((user) => user.groupIds.has(group.pk));
  const children = directory.listGroups().filter((candidate) => candidate.parents.includes(group.pk));
  const parents = group.parents.map((pk) => directory.getGroup(pk)).filter((parent): parent is DirectoryGroup => !!parent);
  return {
    pk: group.pk,
    num_pk: group.numPk,
    name: group.name,
    is_superuser: group.isSuperuser,
    parents: parents.map((parent) => parent.pk),
    parents_obj: flag("include_parents", false) ? parents.map(relatedGroup) : null,
    users: members.map((user) => user.pk),
    users_obj: flag("include_users", true) ? members.map(partialUser) : null,
    attributes: group.attributes,
    roles: [] as string[],
    roles_obj: [],
    inherited_roles_obj: flag("include_inherited_roles", false) ? [] : null,
    children: children.map((child) => child.pk),
    children_obj: flag("include_children", false) ? children.map(relatedGroup) : null,
  };
}

function filterGroups(state: ApiState, query: URLSearchParams): DirectoryGroup[] {
  const { directory } = state;
  let groups = directory.listGroups();
  const name = textParam(query, "name");
  if (name !== undefined) groups = groups.filter((group) => group.name === name);
  const isSuperuser = booleanParam(query, "is_superuser");
  if (isSuperuser !== undefined) groups = groups.filter((group) => group.isSuperuser === isSuperuser);
  const errors: Record<string, string[]> = {};
  const memberPks = query.getAll("members_by_pk").filter(Boolean);
  const badPk = memberPks.find((pk) => !/^\d+$/.test(pk) || !directory.getUser(Number(pk)));
  if (badPk)
    errors.members_by_pk = [
      /^\d+$/.test(badPk) ? `Select a valid choice. ${badPk} is not one of the available choices.` : `“${badPk}” is not a valid value.`,
    ];
  else if (memberPks.length > 0)
    groups = groups.filter((group) => memberPks.some((pk) => directory.getUser(Number(pk))!.groupIds.has(group.pk)));
  const usernames = query.getAll("members_by_username").filter(Boolean);
  const badName = usernames.find((username) => !directory.findUserByUsername(username));
  if (badName) errors.members_by_username = [`Select a valid choice. ${badName} is not one of the available choices.`];
  else if (usernames.length > 0)
    groups = groups.filter((group) => usernames.some((username) => directory.findUserByUsername(username)!.groupIds.has(group.pk)));
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const matchesAttributes = attributesFilter(query);
  if (matchesAttributes) groups = groups.filter((group) => matchesAttributes(group.attributes));
  return groups;
}

function list(request: ApiRequest, state: ApiState) {
  const groups = search(filterGroups(state, request.query), request.query, [(g) => g.name, (g) => (g.isSuperuser ? "True" : "False")]);
  const ordered = order(
    groups,
    request.query,
    { name: (g) => g.name, num_pk: (g) => g.numPk, is_superuser: (g) => g.isSuperuser, pk: (g) => g.pk },
    ["name"],
  );
  return { status: 200, body: paginate(ordered, request.query, state, (group) => serializeGroup(state, group, request.query)) };
}

interface GroupInput {
  name?: string;
  isSuperuser?: boolean;
  parents?: string[];
  users?: number[];
  attributes?: Record<string, unknown>;
}

async function readGroup(
  request: ApiRequest,
  state: ApiState,
  instance: DirectoryGroup | undefined,
  partial: boolean,
): Promise<GroupInput> {
  const { directory } = state;
  const body = BodyReader.from(await request.body(), partial);
  const input: GroupInput = {};
  input.name = body.string("name", { required: true }) ?? undefined;
  if (input.name !== undefined) {
    const taken = directory.findGroupByName(input.name);
    // Group.name is unique (2025.12+): ModelSerializer's UniqueValidator with the model's message.
    if (taken && taken !== instance) input.name = body.fail("name", MESSAGES.uniqueModel("Group", "name"));
  }
  input.isSuperuser = body.boolean("is_superuser");
  input.parents = body.relatedUuids("parents", (pk) => !!directory.getGroup(pk));
  input.users = body.relatedInts("users", (pk) => !!directory.getUser(pk));
  input.attributes = body.dict("attributes");
  body.relatedUuids("roles", () => false);
  body.throwIfInvalid();
  return input;
}

function apply(state: ApiState, group: DirectoryGroup, input: GroupInput): void {
  if (input.name !== undefined) group.name = input.name;
  if (input.isSuperuser !== undefined) group.isSuperuser = input.isSuperuser;
  if (input.attributes !== undefined) group.attributes = input.attributes;
  if (input.parents !== undefined) {
    group.parents = input.parents;
    group.parent = input.parents[0] ?? null;
  }
  if (input.users !== undefined) {
    const members = new Set(input.users);
    for (const user of state.directory.listUsers()) {
      if (members.has(user.pk)) user.groupIds.add(group.pk);
      else user.groupIds.delete(group.pk);
    }
  }
}

async function create(request: ApiRequest, state: ApiState) {
  const input = await readGroup(request, state, undefined, false);
  const group = state.directory.createGroup({ name: input.name! });
  apply(state, group, input);
  state.events.model("model_created", groupRef(group), eventUser(request.user), request.info);
  return { status: 201, body: serializeGroup(state, group) };
}

async function update(request: ApiRequest, state: ApiState, partial: boolean) {
  const group = findGroup(state, request.params.group_uuid!);
  const input = await readGroup(request, state, group, partial);
  apply(state, group, input);
  state.events.model("model_updated", groupRef(group), eventUser(request.user), request.info);
  return { status: 200, body: serializeGroup(state, group) };
}

function destroy(request: ApiRequest, state: ApiState) {
  const group = findGroup(state, request.params.group_uuid!);
  state.events.model("model_deleted", groupRef(group), eventUser(request.user), request.info);
  state.directory.deleteGroup(group.pk);
  return { status: 204 };
}

/** add_user / remove_user: `{pk}` validated first, then the group, then a bare Http404 for an unknown user. */
async function membership(request: ApiRequest, state: ApiState, add: boolean) {
  const body = BodyReader.from(await request.body());
  const pk = body.integer("pk", { required: true });
  body.throwIfInvalid();
  const group = findGroup(state, request.params.group_uuid!);
  const user = state.directory.getUser(pk!);
  if (!user) throw notFound();
  if (add) user.groupIds.add(group.pk);
  else user.groupIds.delete(group.pk);
  // The m2m_changed signal logs the group as updated.
  state.events.model("model_updated", groupRef(group), eventUser(request.user), request.info);
  return { status: 204 };
}

export const groupRoutes: Route[] = [
  { method: "GET", path: "/core/groups/", handler: list },
  { method: "POST", path: "/core/groups/", handler: create },
  {
    method: "GET",
    path: "/core/groups/{group_uuid}/",
    handler: (request, state) => ({
      status: 200,
      body: serializeGroup(state, findGroup(state, request.params.group_uuid!), request.query),
    }),
  },
  { method: "PUT", path: "/core/groups/{group_uuid}/", handler: (request, state) => update(request, state, false) },
  { method: "PATCH", path: "/core/groups/{group_uuid}/", handler: (request, state) => update(request, state, true) },
  { method: "DELETE", path: "/core/groups/{group_uuid}/", handler: destroy },
  { method: "POST", path: "/core/groups/{group_uuid}/add_user/", handler: (request, state) => membership(request, state, true) },
  { method: "POST", path: "/core/groups/{group_uuid}/remove_user/", handler: (request, state) => membership(request, state, false) },
];
