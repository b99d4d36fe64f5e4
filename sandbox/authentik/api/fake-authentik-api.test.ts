import {
  AdminApi,
  AuthenticatorsApi,
  Configuration,
  CoreApi,
  EventActions,
  EventsApi,
  FlowsApi,
  MatchingModeEnum,
  PropertymappingsApi,
  ProvidersApi,
  ResponseError,
  RootApi,
  StagesApi,
  SubModeEnum,
} from "@goauthentik/api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authentikApis } from "@/lib/identity/authentik/client";
import { inEnglish } from "@/lib/i18n/translate";
import { checkAuthentikSetup } from "@/lib/identity/authentik/setup-check";
import type { SetupExpectations } from "@/lib/identity/port";
import { FaultInjector } from "../../faults";
import { Directory } from "../directory";
import { startFakeAuthentik, type FakeAuthentik } from "../server";
import { ApiState, authentikApiRoutes, ENROLLMENT_FLOW_SLUG } from "./index";
import { loadAuthentikSchema, type AuthentikSchema } from "./schema-validator";

const TOKEN = "castello-test-api-token";
const PASSWORD = "correct horse battery";
const APP = {
  slug: "castello",
  name: "Castello",
  clientId: "castello-portal",
  clientSecret: "castello-secret",
  redirectUris: ["http://portal.test/api/auth/callback/authentik"],
};

interface Violation {
  call: string;
  errors: string[];
}

let schema: AuthentikSchema;
let authentik: FakeAuthentik;
let state: ApiState;
const faults = new FaultInjector();
let violations: Violation[] = [];
let checked = 0;

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

function record(method: string, url: string, status: number, body: unknown): void {
  checked += 1;
  const result = schema.check(method, url, status, body);
  if (!result.valid) violations.push({ call: `${method} ${new URL(url).pathname} → ${status}`, errors: result.errors });
}

/** Takes the violations a test expects (upstream answers that differ from schema.yml) out of the list. */
function expectViolation(call: RegExp): Violation {
  const index = violations.findIndex((violation) => call.test(violation.call));
  expect(index, `expected a schema violation for ${call}`).toBeGreaterThanOrEqual(0);
  return violations.splice(index, 1)[0]!;
}

function config(token: string | undefined = TOKEN): Configuration {
  return new Configuration({
    basePath: `${authentik.url}/api/v3`,
    accessToken: token,
    middleware: [
      {
        post: async ({ url, init, response }) => {
          record(init.method ?? "GET", url, response.status, await bodyOf(response));
        },
      },
    ],
  });
}

function apis(token?: string) {
  const configuration = config(token);
  return {
    core: new CoreApi(configuration),
    stages: new StagesApi(configuration),
    flows: new FlowsApi(configuration),
    authenticators: new AuthenticatorsApi(configuration),
    mappings: new PropertymappingsApi(configuration),
    providers: new ProvidersApi(configuration),
    events: new EventsApi(configuration),
    admin: new AdminApi(configuration),
    root: new RootApi(configuration),
  };
}

/** A request outside the client (no token, odd headers), schema-checked the same way. */
async function raw(method: string, path: string, options: { authorization?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const url = `${authentik.url}${path}`;
  const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const body = await bodyOf(response);
  if (path.startsWith("/api/v3/")) record(method, url, response.status, body);
  return { status: response.status, body };
}

async function failure(promise: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ResponseError) return { status: error.response.status, body: await bodyOf(error.response) };
    throw error;
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  schema = await loadAuthentikSchema();
  const directory = new Directory();
  state = new ApiState({ directory, applications: [APP] });
  authentik = await startFakeAuthentik({
    directory,
    applications: [APP],
    users: [{ username: "clara", name: "Clara Rossi", email: "clara@castello.test", password: PASSWORD, attributes: { family: "rossi" } }],
    routes: [authentikApiRoutes({ token: TOKEN, state, faults })],
    faults,
  });
});

afterAll(async () => {
  await authentik?.close();
});

afterEach(() => {
  faults.clear();
  const found = violations;
  violations = [];
  expect(found, "responses that do not match schema.yml").toEqual([]);
});

describe("schema validator", () => {
  it("rejects bodies that do not have Authentik's shape", () => {
    const page = {
      pagination: { next: 0, previous: 0, count: 0, current: 1, total_pages: 1, start_index: 0, end_index: 0 },
      results: [],
      autocomplete: {},
    };
    expect(schema.check("GET", "/api/v3/core/users/", 200, page).valid).toBe(true);
    expect(schema.check("GET", "/api/v3/core/users/", 200, { ...page, autocomplete: undefined }).valid).toBe(false);
    expect(schema.check("GET", "/api/v3/core/users/", 200, { ...page, pagination: { ...page.pagination, next: null } }).valid).toBe(false);
    expect(schema.check("GET", "/api/v3/core/users/", 200, { ...page, results: [{ pk: "1" }] }).valid).toBe(false);
    expect(schema.check("GET", "/api/v3/core/groups/", 200, { ...page, surplus: true }).valid).toBe(false);
    expect(schema.check("GET", "/api/v3/core/users/1/", 404, { message: "nope" }).valid).toBe(false);
    expect(schema.check("DELETE", "/api/v3/core/users/1/", 204, { detail: "gone" }).valid).toBe(false);
    expect(schema.operationFor("GET", "/api/v3/no/such/thing/")).toBeUndefined();
  });
});

describe("authentication", () => {
  it("refuses a request without a token, with 403 and DRF's message", async () => {
    const answer = await raw("GET", "/api/v3/core/users/");
    expect(answer).toEqual({ status: 403, body: { detail: "Authentication credentials were not provided." } });
    const viaClient = await failure(apis("").core.coreGroupsList());
    expect(viaClient).toEqual({ status: 403, body: { detail: "Authentication credentials were not provided." } });
  });

  it("refuses a wrong token and other schemes", async () => {
    expect(await failure(apis("not-the-token").core.coreUsersList())).toEqual({ status: 403, body: { detail: "Token invalid/expired" } });
    expect(await raw("GET", "/api/v3/core/users/", { authorization: `Basic ${TOKEN}` })).toEqual({
      status: 403,
      body: { detail: "Unsupported authentication type" },
    });
    expect((await raw("GET", "/api/v3/core/users/", { authorization: `bearer ${TOKEN}` })).status).toBe(200);
  });

  it("serves the public config without a token and the version with one", async () => {
    const configAnswer = await apis("").root.rootConfigRetrieve();
    expect(configAnswer.cacheTimeout).toBe(300);
    expect((await apis().admin.adminVersionRetrieve()).versionCurrent).toBe("2026.8.3");
    expect((await raw("GET", "/api/v3/admin/version/")).status).toBe(403);
  });

  it("authenticates before it answers 405", async () => {
    expect((await raw("PUT", "/api/v3/core/users/")).status).toBe(403);
    expect(await raw("PUT", "/api/v3/core/users/", { authorization: `Bearer ${TOKEN}`, body: {} })).toEqual({
      status: 405,
      body: { detail: 'Method "PUT" not allowed.' },
    });
    // schema.yml has no PUT on the collection, so neither answer can be checked against it.
    expectViolation(/PUT \/api\/v3\/core\/users\/ → 403/);
    expectViolation(/PUT \/api\/v3\/core\/users\/ → 405/);
  });
});

describe("users", () => {
  it("paginates with page numbers, page_size and Authentik's counters", async () => {
    const { core } = apis();
    for (const name of ["page-a", "page-b", "page-c", "page-d", "page-e"]) {
      await core.coreUsersCreate({ userRequest: { username: name, name, path: "users/paging" } });
    }
    const first = await core.coreUsersList({ pathStartswith: "users/paging", pageSize: 2 });
    expect(first.pagination).toEqual({ next: 2, previous: 0, count: 5, current: 1, totalPages: 3, startIndex: 1, endIndex: 2 });
    expect(first.results.map((user) => user.username)).toEqual(["page-a", "page-b"]);
    expect(first.autocomplete).toEqual({});
    const last = await core.coreUsersList({ pathStartswith: "users/paging", pageSize: 2, page: 3 });
    expect(last.pagination).toEqual({ next: 0, previous: 2, count: 5, current: 3, totalPages: 3, startIndex: 5, endIndex: 5 });
    const byName = await core.coreUsersList({ pathStartswith: "users/paging", ordering: "-username", pageSize: 1 });
    expect(byName.results[0]!.username).toBe("page-e");
    expect(await failure(core.coreUsersList({ pathStartswith: "users/paging", pageSize: 2, page: 4 }))).toEqual({
      status: 404,
      body: { detail: "Invalid page." },
    });
    const empty = await core.coreUsersList({ username: "nobody-at-all" });
    expect(empty.pagination).toEqual({ next: 0, previous: 0, count: 0, current: 1, totalPages: 1, startIndex: 0, endIndex: 0 });
  });

  it("creates users that share the directory with the OIDC issuer", async () => {
    const { core } = apis();
    const user = await core.coreUsersCreate({
      userRequest: { username: "marco", name: "Marco Rossi", email: "marco@castello.test", attributes: { castello_invite: "inv-1" } },
    });
    expect(user.uid).toBe(Directory.uidFor(user.pk));
    expect(user.isActive).toBe(true);
    expect(user.path).toBe("users");
    expect(user.type).toBe("internal");
    expect(state.directory.findUserByUid(user.uid)?.username).toBe("marco");
    const fetched = await core.coreUsersRetrieve({ id: user.pk });
    expect(fetched.uuid).toBe(user.uuid);
    expect(await failure(core.coreUsersRetrieve({ id: 999_999 }))).toEqual({
      status: 404,
      body: { detail: "No User matches the given query." },
    });
  });

  it("validates like DRF: required fields and unique usernames", async () => {
    const { core } = apis();
    expect(await failure(core.coreUsersCreate({ userRequest: { username: "clara", name: "Another Clara" } }))).toEqual({
      status: 400,
      body: { username: ["This field must be unique."] },
    });
    expect(
      await raw("POST", "/api/v3/core/users/", {
        authorization: `Bearer ${TOKEN}`,
        body: { username: "x", email: "not-an-email", path: "/lead" },
      }),
    ).toEqual({
      status: 400,
      body: {
        name: ["This field is required."],
        email: ["Enter a valid email address."],
        path: ["No leading or trailing slashes allowed."],
      },
    });
  });

  it("filters on email, username, attributes (JSON), is_active and groups_by_name", async () => {
    const { core } = apis();
    const clara = state.directory.findUserByUsername("clara")!;
    const group = await core.coreGroupsCreate({ groupRequest: { name: "family-rossi" } });
    await core.coreGroupsAddUserCreate({ groupUuid: group.pk, userAccountRequest: { pk: clara.pk } });
    await core.coreUsersCreate({
      userRequest: {
        username: "luca",
        name: "Luca",
        email: "luca@castello.test",
        attributes: { family: "bianchi", castello: { invite: "inv-9" } },
      },
    });

    expect((await core.coreUsersList({ email: "clara@castello.test" })).results.map((u) => u.username)).toEqual(["clara"]);
    expect((await core.coreUsersList({ username: "luca" })).results.map((u) => u.email)).toEqual(["luca@castello.test"]);
    expect((await core.coreUsersList({ attributes: JSON.stringify({ family: "rossi" }) })).results.map((u) => u.username)).toEqual([
      "clara",
    ]);
    expect(
      (await core.coreUsersList({ attributes: JSON.stringify({ castello__invite: "inv-9" }) })).results.map((u) => u.username),
    ).toEqual(["luca"]);
    expect((await core.coreUsersList({ attributes: JSON.stringify({ family: "verdi" }) })).results).toEqual([]);
    expect((await core.coreUsersList({ groupsByName: ["family-rossi"] })).results.map((u) => u.username)).toEqual(["clara"]);
    expect((await core.coreUsersList({ search: "LUCA@castello" })).results.map((u) => u.username)).toEqual(["luca"]);
    // A bare ValidationError in a filter: DRF answers a JSON list, which schema.yml does not describe.
    expect(await failure(core.coreUsersList({ attributes: "{not json" }))).toEqual({ status: 400, body: ["filter: failed to parse JSON"] });
    expectViolation(/GET \/api\/v3\/core\/users\/ → 400/);
    expect(await failure(core.coreUsersList({ groupsByName: ["no-such-group"] }))).toEqual({
      status: 400,
      body: { groups_by_name: ["Select a valid choice. no-such-group is not one of the available choices."] },
    });

    const luca = (await core.coreUsersList({ username: "luca" })).results[0]!;
    const patched = await core.coreUsersPartialUpdate({ id: luca.pk, patchedUserRequest: { isActive: false } });
    expect(patched.isActive).toBe(false);
    expect(state.directory.getUser(luca.pk)?.isActive).toBe(false);
    const active = await core.coreUsersList({ isActive: true });
    const inactive = await core.coreUsersList({ isActive: false });
    expect(active.results.map((u) => u.username)).not.toContain("luca");
    expect(inactive.results.map((u) => u.username)).toEqual(["luca"]);
  });

  it("replaces attributes on PATCH rather than merging them", async () => {
    const { core } = apis();
    const user = await core.coreUsersCreate({ userRequest: { username: "giulia", name: "Giulia", attributes: { a: 1, b: 2 } } });
    const patched = await core.coreUsersPartialUpdate({ id: user.pk, patchedUserRequest: { attributes: { b: 3 } } });
    expect(patched.attributes).toEqual({ b: 3 });
    expect(patched.name).toBe("Giulia");
  });

  it("lets a user created over the API sign in through OIDC once it has a password, and logs it", async () => {
    const { core, events } = apis();
    const user = await core.coreUsersCreate({ userRequest: { username: "sofia", name: "Sofia", email: "sofia@castello.test" } });
    expect(await signIn("sofia", PASSWORD)).toBe("refused");
    await core.coreUsersSetPasswordCreate({ id: user.pk, userPasswordSetRequest: { password: PASSWORD } });
    expect(await signIn("sofia@castello.test", PASSWORD)).toBe("signed-in");
    // `action` is a substring filter upstream: it also matches login_failed.
    expect((await events.eventsEventsList({ action: "login", username: "sofia" })).results.map((event) => event.action)).toEqual([
      "login",
      "login_failed",
    ]);
    const logins = await events.eventsEventsList({ actions: [EventActions.Login], username: "sofia" });
    expect(logins.results).toHaveLength(1);
    expect(logins.results[0]!.user).toMatchObject({ pk: user.pk, username: "sofia" });
    expect(logins.results[0]!.context).toMatchObject({ auth_method: "password" });
    const failed = await events.eventsEventsList({ actions: [EventActions.LoginFailed], username: "sofia" });
    expect(failed.results).toHaveLength(1);
    expect((await core.coreUsersRetrieve({ id: user.pk })).lastLogin).toBeInstanceOf(Date);
  });

  it("creates recovery links and recovery e-mails", async () => {
    const { core } = apis();
    const clara = state.directory.findUserByUsername("clara")!;
    const { link } = await core.coreUsersRecoveryCreate({ id: clara.pk, userRecoveryLinkRequest: { tokenDuration: "hours=2" } });
    expect(link).toMatch(new RegExp(`^${authentik.url}/if/flow/default-recovery-flow/\\?flow_token=\\w+$`));
    await core.coreUsersRecoveryEmailCreate({ id: clara.pk, userRecoveryEmailRequest: { emailStage: state.defaultEmailStage } });
    expect(state.sentRecoveryEmails.at(-1)).toMatchObject({ to: "clara@castello.test" });
    expect(
      await failure(core.coreUsersRecoveryEmailCreate({ id: clara.pk, userRecoveryEmailRequest: { emailStage: crypto.randomUUID() } })),
    ).toEqual({
      status: 400,
      body: { non_field_errors: ["Email stage not found."] },
    });
  });

  it("deletes users", async () => {
    const { core } = apis();
    const user = await core.coreUsersCreate({ userRequest: { username: "temp", name: "Temp" } });
    await core.coreUsersDestroy({ id: user.pk });
    expect(state.directory.getUser(user.pk)).toBeUndefined();
    expect((await failure(core.coreUsersDestroy({ id: user.pk }))).status).toBe(404);
  });
});

describe("groups", () => {
  it("adds and removes members with 204, and 404s for unknown users or groups", async () => {
    const { core } = apis();
    const group = await core.coreGroupsCreate({ groupRequest: { name: "castello-tenant-demo", attributes: { tenant: "demo" } } });
    expect(group.numPk).toBeGreaterThan(0);
    expect(group.usersObj).toEqual([]);
    expect(group.parentsObj).toBeNull();
    const user = await core.coreUsersCreate({ userRequest: { username: "member", name: "Member" } });

    await core.coreGroupsAddUserCreate({ groupUuid: group.pk, userAccountRequest: { pk: user.pk } });
    expect((await core.coreUsersRetrieve({ id: user.pk })).groups).toEqual([group.pk]);
    const withMembers = await core.coreGroupsRetrieve({ groupUuid: group.pk });
    expect(withMembers.users).toEqual([user.pk]);
    expect(withMembers.usersObj?.map((member) => member.username)).toEqual(["member"]);
    expect(state.directory.groupNamesOf(state.directory.getUser(user.pk)!)).toContain("castello-tenant-demo");
    expect((await core.coreGroupsList({ name: "castello-tenant-demo", includeUsers: false })).results[0]!.usersObj).toBeNull();

    await core.coreGroupsRemoveUserCreate({ groupUuid: group.pk, userAccountRequest: { pk: user.pk } });
    expect((await core.coreGroupsRetrieve({ groupUuid: group.pk })).users).toEqual([]);

    expect(await failure(core.coreGroupsAddUserCreate({ groupUuid: group.pk, userAccountRequest: { pk: 987_654 } }))).toEqual({
      status: 404,
      body: { detail: "Not found." },
    });
    expect(await failure(core.coreGroupsRemoveUserCreate({ groupUuid: crypto.randomUUID(), userAccountRequest: { pk: user.pk } }))).toEqual(
      {
        status: 404,
        body: { detail: "No Group matches the given query." },
      },
    );
    expect(await raw("POST", `/api/v3/core/groups/${group.pk}/add_user/`, { authorization: `Bearer ${TOKEN}`, body: {} })).toEqual({
      status: 400,
      body: { pk: ["This field is required."] },
    });
  });

  it("keeps group names unique", async () => {
    const { core } = apis();
    await core.coreGroupsCreate({ groupRequest: { name: "unique-name" } });
    expect(await failure(core.coreGroupsCreate({ groupRequest: { name: "unique-name" } }))).toEqual({
      status: 400,
      body: { name: ["Group with this name already exists."] },
    });
    const other = await core.coreGroupsCreate({ groupRequest: { name: "other-name" } });
    expect(
      (await failure(core.coreGroupsPartialUpdate({ groupUuid: other.pk, patchedGroupRequest: { name: "unique-name" } }))).status,
    ).toBe(400);
    await core.coreGroupsDestroy({ groupUuid: other.pk });
    expect((await failure(core.coreGroupsRetrieve({ groupUuid: other.pk }))).status).toBe(404);
  });
});

describe("flows and invitations", () => {
  it("resolves the enrollment flow by slug", async () => {
    const { flows } = apis();
    const flow = await flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG });
    expect(flow.designation).toBe("enrollment");
    const listed = await flows.flowsInstancesList({ designation: "enrollment" });
    expect(listed.results.map((item) => item.slug)).toEqual([ENROLLMENT_FLOW_SLUG]);
    expect(await failure(flows.flowsInstancesRetrieve({ slug: "no-such-flow" }))).toEqual({
      status: 404,
      body: { detail: "No Flow matches the given query." },
    });
  });

  it("creates, lists, reads and deletes invitations with fixed_data", async () => {
    const { flows, stages } = apis();
    const flow = await flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG });
    const expires = new Date(Date.now() + 7 * 24 * 3600 * 1000);
    const invitation = await stages.stagesInvitationInvitationsCreate({
      invitationRequest: {
        name: "castello-invite-42",
        expires,
        fixedData: { email: "new@castello.test", castello_invite: "42" },
        singleUse: true,
        flow: flow.pk,
      },
    });
    expect(invitation.createdBy.username).toBe("akadmin");
    expect(invitation.flowObj.slug).toBe(ENROLLMENT_FLOW_SLUG);
    expect(invitation.expires?.getTime()).toBe(expires.getTime());
    const listed = await stages.stagesInvitationInvitationsList({ flowSlug: ENROLLMENT_FLOW_SLUG });
    expect(listed.results.map((item) => item.pk)).toContain(invitation.pk);
    expect((await stages.stagesInvitationInvitationsRetrieve({ inviteUuid: invitation.pk })).fixedData).toEqual({
      email: "new@castello.test",
      castello_invite: "42",
    });

    expect(
      await failure(stages.stagesInvitationInvitationsCreate({ invitationRequest: { name: "has spaces", flow: crypto.randomUUID() } })),
    ).toMatchObject({
      status: 400,
      body: { name: ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."] },
    });

    await stages.stagesInvitationInvitationsDestroy({ inviteUuid: invitation.pk });
    expect(await failure(stages.stagesInvitationInvitationsRetrieve({ inviteUuid: invitation.pk }))).toEqual({
      status: 404,
      body: { detail: "No Invitation matches the given query." },
    });
  });

  it("answers flow_obj null for an invitation without a flow, as upstream does", async () => {
    const { stages } = apis();
    const invitation = await stages.stagesInvitationInvitationsCreate({ invitationRequest: { name: "any-flow" } });
    expect(invitation.flow).toBeUndefined();
    expect(invitation.flowObj).toBeNull();
    expect(expectViolation(/POST \/api\/v3\/stages\/invitation\/invitations\/ → 201/).errors.join()).toMatch(/flow_obj/);
  });

  it("consumes single-use invitations for the enrollment flow", async () => {
    const { stages, events } = apis();
    const flow = state.flowBySlug(ENROLLMENT_FLOW_SLUG)!;
    const once = await stages.stagesInvitationInvitationsCreate({
      invitationRequest: { name: "once", singleUse: true, flow: flow.pk, fixedData: { castello_invite: "7" } },
    });
    const reusable = await stages.stagesInvitationInvitationsCreate({ invitationRequest: { name: "reusable", flow: flow.pk } });
    expect(state.consumeInvitation(once.pk, { flowSlug: "default-authentication-flow" })).toEqual({ ok: false, reason: "wrong_flow" });
    const used = state.consumeInvitation(once.pk, { flowSlug: ENROLLMENT_FLOW_SLUG });
    expect(used).toMatchObject({ ok: true, fixedData: { castello_invite: "7" } });
    expect(state.consumeInvitation(once.pk)).toEqual({ ok: false, reason: "not_found" });
    expect((await failure(stages.stagesInvitationInvitationsRetrieve({ inviteUuid: once.pk }))).status).toBe(404);
    expect(state.consumeInvitation(reusable.pk).ok).toBe(true);
    expect((await stages.stagesInvitationInvitationsRetrieve({ inviteUuid: reusable.pk })).name).toBe("reusable");
    const usedEvents = await events.eventsEventsList({ action: "invitation_used" });
    expect(usedEvents.results.map((event) => event.context?.invitation_uuid)).toContain(once.pk.replace(/-/g, ""));
  });
});

describe("MFA devices", () => {
  it("lists a user's devices (unpaginated) and deletes one", async () => {
    const { authenticators, core } = apis();
    const user = await core.coreUsersCreate({ userRequest: { username: "mfa-user", name: "MFA" } });
    const totp = state.addDevice(user.pk, "totp", { name: "Phone" });
    state.addDevice(user.pk, "webauthn", { name: "YubiKey" });
    state.addDevice(state.directory.findUserByUsername("clara")!.pk, "totp");

    const devices = await authenticators.authenticatorsAdminAllList({ user: user.pk });
    expect(devices.map((device) => [device.name, device.type])).toEqual([
      ["Phone", "authentik_stages_authenticator_totp.TOTPDevice"],
      ["YubiKey", "authentik_stages_authenticator_webauthn.WebAuthnDevice"],
    ]);
    expect(devices[0]).toMatchObject({ pk: String(totp.pk), confirmed: true, lastUsed: null, verboseName: "TOTP Device" });

    await authenticators.authenticatorsAdminTotpDestroy({ id: totp.pk });
    expect((await authenticators.authenticatorsAdminAllList({ user: user.pk })).map((device) => device.name)).toEqual(["YubiKey"]);
    expect(await failure(authenticators.authenticatorsAdminTotpDestroy({ id: totp.pk }))).toEqual({
      status: 404,
      body: { detail: "No TOTPDevice matches the given query." },
    });
    // ParamUserSerializer: an unknown user is a field error, so a caller cannot mistake it for "no MFA".
    expect(await failure(authenticators.authenticatorsAdminAllList({ user: 999_999 }))).toEqual({
      status: 400,
      body: { user: ['Invalid pk "999999" - object does not exist.'] },
    });
  });
});

describe("scope mappings and OAuth2 providers", () => {
  it("does CRUD on scope mappings", async () => {
    const { mappings } = apis();
    const created = await mappings.propertymappingsProviderScopeCreate({
      scopeMappingRequest: {
        name: "Castello family sub",
        scopeName: "castello",
        expression: 'return {"castello_family": "rossi"}',
        description: "Family",
      },
    });
    expect(created.component).toBe("ak-property-mapping-provider-scope-form");
    expect(created.managed ?? null).toBeNull();
    expect((await mappings.propertymappingsProviderScopeList({ scopeName: "castello" })).results.map((m) => m.pk)).toEqual([created.pk]);
    const updated = await mappings.propertymappingsProviderScopePartialUpdate({
      pmUuid: created.pk,
      patchedScopeMappingRequest: { description: "Family claims" },
    });
    expect(updated.description).toBe("Family claims");
    expect(
      await failure(
        mappings.propertymappingsProviderScopeCreate({
          scopeMappingRequest: { name: "Castello family sub", scopeName: "two words", expression: "return {}" },
        }),
      ),
    ).toEqual({
      status: 400,
      body: { name: ["Property Mapping with this name already exists."], scope_name: ["Value must not contain spaces."] },
    });
    await mappings.propertymappingsProviderScopeDestroy({ pmUuid: created.pk });
    expect(await failure(mappings.propertymappingsProviderScopeRetrieve({ pmUuid: created.pk }))).toEqual({
      status: 404,
      body: { detail: "No ScopeMapping matches the given query." },
    });
    expect((await mappings.propertymappingsProviderScopeList({ managedIsnull: false })).results.map((m) => m.scopeName)).toEqual([
      "email",
      "offline_access",
      "openid",
      "profile",
    ]);
  });

  it("does CRUD on OAuth2 providers and gives setup URLs", async () => {
    const { core, flows, mappings, providers } = apis();
    const authorization = await flows.flowsInstancesRetrieve({ slug: "default-provider-authorization-implicit-consent" });
    const invalidation = await flows.flowsInstancesRetrieve({ slug: "default-provider-invalidation-flow" });
    const scopes = await mappings.propertymappingsProviderScopeList({ managedIsnull: false });
    const created = await providers.providersOauth2Create({
      oAuth2ProviderRequest: {
        name: "Immich demo",
        authorizationFlow: authorization.pk,
        invalidationFlow: invalidation.pk,
        propertyMappings: scopes.results.map((mapping) => mapping.pk),
        subMode: SubModeEnum.UserUuid,
        includeClaimsInIdToken: true,
        redirectUris: [
          { matchingMode: MatchingModeEnum.Strict, url: "app.immich:///oauth-callback" },
          { matchingMode: MatchingModeEnum.Strict, url: "https://photos.demo.test/auth/login" },
        ],
      },
    });
    expect(created.clientId).toHaveLength(40);
    expect(created.clientSecret).toHaveLength(128);
    expect(created.clientType).toBe("confidential");
    expect(created.redirectUris.map((uri) => uri.url)).toEqual(["app.immich:///oauth-callback", "https://photos.demo.test/auth/login"]);

    const patched = await providers.providersOauth2PartialUpdate({
      id: created.pk,
      patchedOAuth2ProviderRequest: { subMode: SubModeEnum.HashedUserId },
    });
    expect(patched.subMode).toBe("hashed_user_id");
    expect((await providers.providersOauth2List({ clientId: created.clientId })).results.map((p) => p.pk)).toEqual([created.pk]);

    expect(
      await failure(
        providers.providersOauth2Create({
          oAuth2ProviderRequest: {
            name: "Immich demo",
            authorizationFlow: authorization.pk,
            invalidationFlow: crypto.randomUUID(),
            redirectUris: [],
          },
        }),
      ),
    ).toMatchObject({
      status: 400,
      body: {
        name: ["Provider with this name already exists."],
        invalidation_flow: [expect.stringMatching(/^Invalid pk ".+" - object does not exist\.$/)],
      },
    });

    // Without an application the application-bound URLs are null upstream, against schema.yml.
    const unassigned = await providers.providersOauth2SetupUrlsRetrieve({ id: created.pk });
    expect(unassigned.issuer).toBeNull();
    expectViolation(/setup_urls\/ → 200/);

    const application = await core.coreApplicationsCreate({
      applicationRequest: { name: "Immich demo", slug: "immich-demo", provider: created.pk },
    });
    expect((await providers.providersOauth2Retrieve({ id: created.pk })).assignedApplicationSlug).toBe("immich-demo");
    expect((await providers.providersOauth2List({ application: application.pk })).results.map((p) => p.pk)).toEqual([created.pk]);
    const urls = await providers.providersOauth2SetupUrlsRetrieve({ id: created.pk });
    expect(urls.issuer).toBe(`${authentik.url}/application/o/immich-demo/`);
    expect(urls.providerInfo).toBe(`${authentik.url}/application/o/immich-demo/.well-known/openid-configuration`);

    const seeded = (await providers.providersOauth2List({ clientId: APP.clientId })).results[0]!;
    expect(seeded.assignedApplicationSlug).toBe("castello");
    expect((await providers.providersOauth2SetupUrlsRetrieve({ id: seeded.pk })).issuer).toBe(authentik.issuer("castello"));

    await providers.providersOauth2Destroy({ id: created.pk });
    expect(await failure(providers.providersOauth2Retrieve({ id: created.pk }))).toEqual({
      status: 404,
      body: { detail: "No OAuth2Provider matches the given query." },
    });
    // Application.provider is SET_DEFAULT: the application stays, without a provider.
    const orphan = await core.coreApplicationsRetrieve({ slug: "immich-demo" });
    // The client reads a null `provider` as undefined.
    expect(orphan.provider ?? null).toBeNull();
    expect(orphan.providerObj).toBeNull();
    await core.coreApplicationsDestroy({ slug: "immich-demo" });
  });
});

describe("applications", () => {
  it("serves the seeded application with its provider, looked up by slug", async () => {
    const { core, providers } = apis();
    const listed = await core.coreApplicationsList({ slug: APP.slug });
    expect(listed.results).toHaveLength(1);
    const app = listed.results[0]!;
    expect(app).toMatchObject({
      name: APP.name,
      slug: APP.slug,
      backchannelProviders: [],
      openInNewTab: false,
      metaLaunchUrl: "",
      policyEngineMode: "any",
      group: "",
      metaIconUrl: null,
    });
    expect(app.pbmUuid).toBe(app.pk);
    // No meta launch URL: OAuth2Provider.launch_url, the first redirect URI without its path.
    expect(app.launchUrl).toBe("http://portal.test");
    expect(app.providerObj).toMatchObject({
      pk: app.provider,
      component: "ak-provider-oauth2-form",
      assignedApplicationSlug: APP.slug,
      assignedApplicationName: APP.name,
    });
    expect((await providers.providersOauth2Retrieve({ id: app.provider! })).clientId).toBe(APP.clientId);
    expect((await core.coreApplicationsRetrieve({ slug: APP.slug })).pk).toBe(app.pk);
    expect(await failure(core.coreApplicationsRetrieve({ slug: "no-such-app" }))).toEqual({
      status: 404,
      body: { detail: "No Application matches the given query." },
    });
  });

  it("creates, updates and deletes applications, one per slug and per provider", async () => {
    const { core, events, flows, providers } = apis();
    const authorization = await flows.flowsInstancesRetrieve({ slug: "default-provider-authorization-implicit-consent" });
    const invalidation = await flows.flowsInstancesRetrieve({ slug: "default-provider-invalidation-flow" });
    const provider = await providers.providersOauth2Create({
      oAuth2ProviderRequest: {
        name: "Photos provider",
        authorizationFlow: authorization.pk,
        invalidationFlow: invalidation.pk,
        redirectUris: [{ matchingMode: MatchingModeEnum.Strict, url: "https://photos.demo.test/cb" }],
      },
    });
    const created = await core.coreApplicationsCreate({
      applicationRequest: {
        name: "Photos",
        slug: "photos",
        provider: provider.pk,
        metaLaunchUrl: "https://photos.demo.test/u/%(username)s",
        metaDescription: "Family photos",
        group: "Media",
      },
    });
    expect(created).toMatchObject({
      slug: "photos",
      provider: provider.pk,
      launchUrl: "https://photos.demo.test/u/akadmin",
      metaLaunchUrl: "https://photos.demo.test/u/%(username)s",
      group: "Media",
    });
    expect((await providers.providersOauth2Retrieve({ id: provider.pk })).assignedApplicationName).toBe("Photos");

    expect(
      await failure(core.coreApplicationsCreate({ applicationRequest: { name: "Again", slug: "photos", provider: provider.pk } })),
    ).toEqual({
      status: 400,
      body: { slug: ["Application with this slug already exists."], provider: ["Application with this provider already exists."] },
    });
    expect(await failure(core.coreApplicationsCreate({ applicationRequest: { name: "Token", slug: "token" } }))).toEqual({
      status: 400,
      body: { slug: ["The slug 'token' is reserved and cannot be used for applications."] },
    });
    expect(
      await raw("POST", "/api/v3/core/applications/", {
        authorization: `Bearer ${TOKEN}`,
        body: { slug: "two words", provider: 999_999, meta_launch_url: "photos.demo.test", policy_engine_mode: "some" },
      }),
    ).toEqual({
      status: 400,
      body: {
        name: ["This field is required."],
        slug: ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."],
        provider: ['Invalid pk "999999" - object does not exist.'],
        meta_launch_url: ["Enter a valid URL."],
        policy_engine_mode: ['"some" is not a valid choice.'],
      },
    });

    const renamed = await core.coreApplicationsPartialUpdate({
      slug: "photos",
      patchedApplicationRequest: { slug: "family-photos", provider: null, metaLaunchUrl: "" },
    });
    expect(renamed).toMatchObject({ slug: "family-photos", providerObj: null, launchUrl: null, metaDescription: "Family photos" });
    expect(renamed.provider ?? null).toBeNull();
    expect((await providers.providersOauth2Retrieve({ id: provider.pk })).assignedApplicationSlug).toBeNull();
    expect((await failure(core.coreApplicationsRetrieve({ slug: "photos" }))).status).toBe(404);

    // The page is cut first, then applications without a launch URL leave it: `count` does not change.
    const all = await core.coreApplicationsList({ search: "photos" });
    const launchable = await core.coreApplicationsList({ search: "photos", onlyWithLaunchUrl: true });
    expect(all.results.map((app) => app.slug)).toEqual(["family-photos"]);
    expect(launchable.results).toEqual([]);
    expect(launchable.pagination.count).toBe(1);

    const clara = state.directory.findUserByUsername("clara")!;
    expect((await core.coreApplicationsList({ forUser: clara.pk, slug: APP.slug })).results.map((app) => app.slug)).toEqual([APP.slug]);
    expect(await failure(core.coreApplicationsList({ forUser: 999_999 }))).toEqual({ status: 400, body: { for_user: "User not found" } });
    expect(await raw("GET", "/api/v3/core/applications/?for_user=abc", { authorization: `Bearer ${TOKEN}` })).toEqual({
      status: 400,
      body: ["Invalid input."],
    });
    expectViolation(/GET \/api\/v3\/core\/applications\/ → 400/);

    await core.coreApplicationsDestroy({ slug: "family-photos" });
    expect(await failure(core.coreApplicationsRetrieve({ slug: "family-photos" }))).toEqual({
      status: 404,
      body: { detail: "No Application matches the given query." },
    });
    const logged = await events.eventsEventsList({ contextModelName: "application", contextModelPk: created.pk.replace(/-/g, "") });
    expect(logged.results.map((event) => event.action)).toEqual(["model_deleted", "model_updated", "model_created"]);
    await providers.providersOauth2Destroy({ id: provider.pk });
  });
});

describe("stages and flow bindings", () => {
  const ENROLLMENT_STAGES = [
    [10, "castello-enrollment-invitation", "ak-stage-invitation-form", "Invitation Stage", "authentik_stages_invitation.invitationstage"],
    [20, "castello-enrollment-prompt", "ak-stage-prompt-form", "Prompt Stage", "authentik_stages_prompt.promptstage"],
    [30, "castello-enrollment-user-write", "ak-stage-user-write-form", "User Write Stage", "authentik_stages_user_write.userwritestage"],
    [
      40,
      "castello-enrollment-mfa",
      "ak-stage-authenticator-validate-form",
      "Authenticator Validation Stage",
      "authentik_stages_authenticator_validate.authenticatorvalidatestage",
    ],
    [50, "castello-enrollment-login", "ak-stage-user-login-form", "User Login Stage", "authentik_stages_user_login.userloginstage"],
    [60, "castello-enrollment-redirect", "ak-stage-redirect-form", "Redirect Stage", "authentik_stages_redirect.redirectstage"],
  ];

  it("lists stages with their component, model and the flows they are bound to", async () => {
    const { stages } = apis();
    const page = await stages.stagesAllList({ search: "castello-enrollment" });
    expect(page.results.map((stage) => stage.name).sort()).toEqual(
      [
        ...ENROLLMENT_STAGES.map((entry) => entry[1] as string),
        "castello-enrollment-totp-setup",
        "castello-enrollment-webauthn-setup",
      ].sort(),
    );
    const invitation = page.results.find((stage) => stage.name === "castello-enrollment-invitation")!;
    expect(invitation).toMatchObject({
      component: "ak-stage-invitation-form",
      verboseName: "Invitation Stage",
      verboseNamePlural: "Invitation Stages",
      metaModelName: "authentik_stages_invitation.invitationstage",
    });
    expect(invitation.flowSet.map((flow) => flow.slug)).toEqual([ENROLLMENT_FLOW_SLUG]);
    const totp = page.results.find((stage) => stage.name === "castello-enrollment-totp-setup")!;
    expect(totp).toMatchObject({
      component: "ak-stage-authenticator-totp-form",
      verboseName: "TOTP Authenticator Setup Stage",
      flowSet: [],
    });
    const email = (await stages.stagesAllList({ name: "default-recovery-email" })).results;
    expect(email.map((stage) => [stage.pk, stage.component])).toEqual([[state.defaultEmailStage, "ak-stage-email-form"]]);
  });

  it("lists the enrollment flow's bindings in order, as the blueprint creates them", async () => {
    const { flows } = apis();
    const flow = await flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG });
    const bindings = await flows.flowsBindingsList({ target: flow.pk, ordering: "order" });
    expect(
      bindings.results.map((binding) => [
        binding.order,
        binding.stageObj.name,
        binding.stageObj.component,
        binding.stageObj.verboseName,
        binding.stageObj.metaModelName,
      ]),
    ).toEqual(ENROLLMENT_STAGES);
    expect(bindings.results[0]).toMatchObject({
      target: flow.pk,
      evaluateOnPlan: false,
      reEvaluatePolicies: true,
      policyEngineMode: "any",
      invalidResponseAction: "retry",
    });
    expect(flow.stages).toEqual(bindings.results.map((binding) => binding.stage));
    const reversed = await flows.flowsBindingsList({ target: flow.pk, ordering: "-order", pageSize: 2 });
    expect(reversed.results.map((binding) => binding.order)).toEqual([60, 50]);
    expect(reversed.pagination.count).toBe(6);
    expect((await flows.flowsBindingsList({ search: "enrollment-mfa" })).results.map((binding) => binding.order)).toEqual([40]);
    expect(
      (await flows.flowsBindingsList({ target: (await flows.flowsInstancesRetrieve({ slug: "default-authentication-flow" })).pk })).results,
    ).toEqual([]);
    expect(await failure(flows.flowsBindingsList({ target: crypto.randomUUID(), order: Number.NaN }))).toEqual({
      status: 400,
      body: { target: ["Select a valid choice. That choice is not one of the available choices."], order: ["Enter a number."] },
    });
    const one = await flows.flowsBindingsRetrieve({ fsbUuid: bindings.results[0]!.pk });
    expect(one.stageObj.name).toBe("castello-enrollment-invitation");
  });

  it("loses a binding removed from the state, and gets it back", async () => {
    const { flows } = apis();
    const flow = await flows.flowsInstancesRetrieve({ slug: ENROLLMENT_FLOW_SLUG });
    const removed = state.removeBinding(ENROLLMENT_FLOW_SLUG, "castello-enrollment-prompt");
    expect(() => state.removeBinding(ENROLLMENT_FLOW_SLUG, "castello-enrollment-prompt")).toThrow(/no stage/);
    const names = async () =>
      (await flows.flowsBindingsList({ target: flow.pk, ordering: "order" })).results.map((binding) => binding.stageObj.name);
    expect(await names()).not.toContain("castello-enrollment-prompt");
    expect(await names()).toHaveLength(5);
    state.bindings.set(removed.pk, removed);
    expect(await names()).toHaveLength(6);
  });
});

describe("Castello's set-up check against the fake", () => {
  const expectations: SetupExpectations = {
    operatorGroup: "castello-operators",
    supportGroup: "castello-support",
    applicationSlug: APP.slug,
    callbackUrl: APP.redirectUris[0]!,
  };
  const check = async () => {
    for (const name of [expectations.operatorGroup, expectations.supportGroup]) {
      if (!state.directory.findGroupByName(name)) state.directory.createGroup({ name });
    }
    // Labels and details are catalogue messages: compared here as an English reader sees them.
    const items = (await checkAuthentikSetup(authentikApis({ url: authentik.url, token: TOKEN }), expectations)).map((item) => ({
      ...item,
      label: inEnglish(item.label),
      detail: inEnglish(item.detail),
    }));
    return Object.fromEntries(items.map((item) => [item.label.split(" ")[0] === "Group" ? item.label : item.label.split(" ")[0]!, item]));
  };

  it("finds everything on a seeded fake", async () => {
    const items = await check();
    expect(Object.values(items).every((item) => item.ok)).toBe(true);
    expect(items.Enrollment!.detail).toBe("6 stages in order");
    expect(items.Application!.detail).toBe(`provider "Provider for ${APP.name}", redirect URI present`);
    expect(Object.keys(items)).toHaveLength(4);
  });

  it("reports the enrollment flow incomplete without one of its bindings", async () => {
    const removed = state.removeBinding(ENROLLMENT_FLOW_SLUG, "castello-enrollment-mfa");
    try {
      const items = await check();
      expect(items.Enrollment).toMatchObject({ ok: false, detail: "stage missing: castello-enrollment-mfa" });
      expect(items.Application!.ok).toBe(true);
    } finally {
      state.bindings.set(removed.pk, removed);
    }
  });

  it("reports the application missing once deleted, and without a provider once unbound", async () => {
    const { core } = apis();
    const application = await core.coreApplicationsRetrieve({ slug: APP.slug });
    await core.coreApplicationsPartialUpdate({ slug: APP.slug, patchedApplicationRequest: { provider: null } });
    expect((await check()).Application).toMatchObject({ ok: false, detail: "the application has no provider" });
    await core.coreApplicationsDestroy({ slug: APP.slug });
    try {
      const items = await check();
      expect(items.Application).toMatchObject({ ok: false, detail: "missing" });
      expect(items.Enrollment!.ok).toBe(true);
    } finally {
      await core.coreApplicationsCreate({
        applicationRequest: { name: application.name, slug: application.slug, provider: application.provider },
      });
    }
    expect(Object.values(await check()).every((item) => item.ok)).toBe(true);
  });
});

describe("events", () => {
  it("records model events for what the API changes, newest first", async () => {
    const { core, events } = apis();
    const user = await core.coreUsersCreate({ userRequest: { username: "audited", name: "Audited" } });
    await core.coreUsersPartialUpdate({ id: user.pk, patchedUserRequest: { name: "Audited Again" } });
    await core.coreUsersDestroy({ id: user.pk });
    const forUser = await events.eventsEventsList({ contextModelName: "user", contextModelPk: String(user.pk) });
    expect(forUser.results.map((event) => event.action)).toEqual(["model_deleted", "model_updated", "model_created"]);
    expect(forUser.results[0]!.user).toMatchObject({ username: "akadmin" });
    expect(forUser.results[0]!.context).toMatchObject({
      model: { app: "authentik_core", model_name: "user", pk: user.pk, name: "audited" },
    });
    const created = await events.eventsEventsList({ action: "model_created", username: "akadmin", pageSize: 1 });
    expect(created.pagination.count).toBeGreaterThan(1);
    const one = await events.eventsEventsRetrieve({ eventUuid: forUser.results[0]!.pk });
    expect(one.action).toBe("model_deleted");
  });
});

describe("faults", () => {
  it("fails an API endpoint on demand, then recovers", async () => {
    const { core } = apis();
    faults.add({ path: "/api/v3/core/groups/", fault: { kind: "status", status: 503, body: { detail: "Service unavailable" } }, times: 1 });
    expect(await failure(core.coreGroupsList())).toEqual({ status: 503, body: { detail: "Service unavailable" } });
    expect((await core.coreGroupsList()).pagination.current).toBe(1);
  });

  it("fails the OIDC discovery through the HTTP control endpoint, and clears it", async () => {
    const discovery = `${authentik.issuer("castello")}.well-known/openid-configuration`;
    const add = await fetch(`${authentik.url}/-/sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ path: "/application/o/castello/.well-known/", fault: { kind: "status", status: 502 } }),
    });
    expect(add.status).toBe(204);
    expect((await fetch(discovery)).status).toBe(502);
    expect((await fetch(`${authentik.url}/-/sandbox/faults`, { method: "DELETE" })).status).toBe(204);
    const ok = await fetch(discovery);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { issuer: string }).issuer).toBe(authentik.issuer("castello"));
  });

  it("checked every answer it got against schema.yml", () => {
    expect(checked).toBeGreaterThan(80);
  });
});

/** Drives the authorization-code flow by hand (no browser): authorize, login form, consent, back to the redirect URI. */
async function signIn(login: string, password: string): Promise<"signed-in" | "refused"> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const [name, ...value] = pair!.split("=");
      cookies.set(name!.trim(), value.join("="));
    }
    return response;
  };
  const authorize = new URL(`${authentik.url}/application/o/authorize/`);
  authorize.search = new URLSearchParams({
    client_id: APP.clientId,
    redirect_uri: APP.redirectUris[0]!,
    response_type: "code",
    scope: "openid email profile",
    state: "s",
    nonce: "n",
  }).toString();
  let response = await send(authorize.toString());
  let posted = false;
  for (let hop = 0; hop < 10; hop++) {
    const location = response.headers.get("location");
    if (!location) {
      if (posted || response.status !== 200) return "refused";
      const formUrl = response.url;
      response = await send(formUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ uid_field: login, password }).toString(),
      });
      posted = true;
      continue;
    }
    const next = new URL(location, authentik.url);
    if (next.toString().startsWith(APP.redirectUris[0]!)) return next.searchParams.has("code") ? "signed-in" : "refused";
    response = await send(next.toString());
  }
  return "refused";
}
