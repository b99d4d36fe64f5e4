import { TestBrowser } from "../../test-browser";
import { AuthenticatorsApi, Configuration, CoreApi, EventsApi, FlowsApi, ResponseError, StagesApi } from "@goauthentik/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authentikApiRoutes, ApiState, ENROLLMENT_FLOW_SLUG } from "../api";
import { Directory } from "../directory";
import { startFakeAuthentik, type FakeAuthentik } from "../server";
import { enrollmentFlowRoutes, totpCode } from "./index";

const TOKEN = "enrollment-test-token";
const CASTELLO_URL = "http://portal.test";
const PASSWORD = "correct horse battery";
const APP = {
  slug: "castello",
  name: "Castello",
  clientId: "castello-portal",
  clientSecret: "secret",
  redirectUris: [`${CASTELLO_URL}/api/auth/callback/authentik`],
};
const INVALID = "Invalid invite/invite not found";

let authentik: FakeAuthentik;
let state: ApiState;
let api: { core: CoreApi; stages: StagesApi; flows: FlowsApi; authenticators: AuthenticatorsApi; events: EventsApi };

/** The test browser, with paths relative to the fake Authentik. */
class Browser extends TestBrowser {
  override request(path: string, form?: Record<string, string>) {
    return super.request(new URL(path, authentik.url), form);
  }
}

function inputValue(html: string, id: string): string | undefined {
  const input = new RegExp(`<input id="${id}"[^>]*>`).exec(html)?.[0];
  return input ? (/value="([^"]*)"/.exec(input)?.[1] ?? "") : undefined;
}

function fieldError(html: string, id: string): string | undefined {
  return new RegExp(`<p class="error" id="${id}-error">([^<]*)</p>`).exec(html)?.[1]?.replace(/&#39;/g, "'");
}

function totpSecret(html: string): string {
  const secret = /<code aria-label="TOTP secret"[^>]*>([A-Z2-7]+)<\/code>/.exec(html)?.[1];
  if (!secret) throw new Error("no TOTP secret on the page");
  return secret;
}

async function createInvitation(input: {
  name: string;
  fixedData: Record<string, unknown>;
  singleUse?: boolean;
  expires?: Date;
  flowSlug?: string;
}) {
  const flow = await api.flows.flowsInstancesRetrieve({ slug: input.flowSlug ?? ENROLLMENT_FLOW_SLUG });
  const invitation = await api.stages.stagesInvitationInvitationsCreate({
    invitationRequest: {
      name: input.name,
      fixedData: input.fixedData,
      singleUse: input.singleUse ?? true,
      flow: flow.pk,
      expires: input.expires,
    },
  });
  return { invitation, link: `/if/flow/${ENROLLMENT_FLOW_SLUG}/?itoken=${invitation.pk}` };
}

function fixedData(invite: string, extra: Record<string, unknown> = {}) {
  return {
    email: `${invite}@castello.test`,
    name: "Ada Lovelace",
    attributes: { castello_invite: invite, castello_family: "family-1", castello_tenant: "tenant-1" },
    ...extra,
  };
}

beforeAll(async () => {
  const directory = new Directory();
  state = new ApiState({ directory, applications: [APP] });
  authentik = await startFakeAuthentik({
    directory,
    applications: [APP],
    users: [{ username: "clara", name: "Clara Rossi", email: "clara@castello.test", password: PASSWORD }],
    routes: [authentikApiRoutes({ token: TOKEN, state }), enrollmentFlowRoutes({ state, castelloUrl: CASTELLO_URL })],
  });
  const configuration = new Configuration({ basePath: `${authentik.url}/api/v3`, accessToken: TOKEN });
  api = {
    core: new CoreApi(configuration),
    stages: new StagesApi(configuration),
    flows: new FlowsApi(configuration),
    authenticators: new AuthenticatorsApi(configuration),
    events: new EventsApi(configuration),
  };
});

afterAll(async () => {
  await authentik?.close();
});

describe("castello-enrollment flow", () => {
  it("plays invitation, prompt, user write, TOTP set-up, login and redirect", async () => {
    const { invitation, link } = await createInvitation({ name: "castello-inv-1", fixedData: fixedData("inv-1", { username: "ada" }) });
    const browser = new Browser();

    const prompt = await browser.request(link);
    expect(prompt.status).toBe(200);
    expect(prompt.html).toContain("<h1>Join your family on Castello</h1>");
    expect(inputValue(prompt.html, "email")).toBe("inv-1@castello.test");
    expect(prompt.html).toMatch(/<input id="email"[^>]*readonly/);
    expect(inputValue(prompt.html, "name")).toBe("Ada Lovelace");
    expect(inputValue(prompt.html, "username")).toBe("ada");
    expect(prompt.html).toContain('<label for="password_repeat">Password (repeat)</label>');
    // Single use: gone as soon as the invitation stage ran, as upstream.
    await expect(api.stages.stagesInvitationInvitationsRetrieve({ inviteUuid: invitation.pk })).rejects.toBeInstanceOf(ResponseError);

    const answers = { email: "someone-else@evil.test", name: "Ada King", username: "ada", password: PASSWORD, password_repeat: PASSWORD };
    const mismatch = await browser.request(link, { ...answers, password_repeat: "correct horse batterz" });
    expect(fieldError(mismatch.html, "password_repeat")).toBe("Passwords don't match.");
    expect(inputValue(mismatch.html, "name")).toBe("Ada King");
    expect(inputValue(mismatch.html, "password")).toBe("");
    const short = await browser.request(link, { ...answers, password: "short", password_repeat: "short" });
    expect(fieldError(short.html, "password")).toBe("Choose a password of at least 10 characters that is hard to guess.");
    const guessable = await browser.request(link, { ...answers, password: "password1234", password_repeat: "password1234" });
    expect(fieldError(guessable.html, "password")).toBe("Choose a password of at least 10 characters that is hard to guess.");
    const taken = await browser.request(link, { ...answers, username: "clara" });
    expect(fieldError(taken.html, "username")).toBe("Username is already taken.");
    expect(state.directory.findUserByUsername("ada")).toBeUndefined();

    const written = await browser.request(link, answers);
    expect(written.status).toBe(302);
    expect(written.location).toBe(link);
    const totpPage = await browser.request(link);
    const secret = totpSecret(totpPage.html);
    expect(totpPage.html).toContain(`otpauth://totp/authentik:ada?secret=${secret}`);
    expect(totpPage.html).toContain('<label for="code">Code</label>');

    const wrong = await browser.request(link, { code: totpCode(secret, new Date(Date.now() + 10 * 60_000)) });
    expect(fieldError(wrong.html, "code")).toBe("Code does not match");
    expect(totpSecret(wrong.html)).toBe(secret);
    expect(fieldError((await browser.request(link, { code: "abc" })).html, "code")).toBe("A valid integer is required.");

    const done = await browser.request(link, { code: totpCode(secret) });
    expect(done.status).toBe(302);
    expect(done.location).toBe(`${CASTELLO_URL}/onboarding/complete`);
    expect(done.setCookies.some((cookie) => cookie.startsWith("authentik_session="))).toBe(true);
    expect(browser.has("authentik_session")).toBe(true);
    expect(browser.has("authentik_enrollment_plan")).toBe(false);

    const found = await api.core.coreUsersList({ attributes: JSON.stringify({ castello_invite: "inv-1" }) });
    expect(found.results).toHaveLength(1);
    const user = found.results[0]!;
    expect(user).toMatchObject({
      username: "ada",
      name: "Ada King",
      email: "inv-1@castello.test",
      isActive: true,
      type: "internal",
      path: "users",
      attributes: { castello_invite: "inv-1", castello_family: "family-1", castello_tenant: "tenant-1" },
    });
    expect(user.uid).toBe(Directory.uidFor(user.pk));
    expect(user.lastLogin).toBeInstanceOf(Date);
    expect(state.directory.checkPassword(state.directory.getUser(user.pk)!, PASSWORD)).toBe(true);

    const devices = await api.authenticators.authenticatorsAdminAllList({ user: user.pk });
    expect(devices.map((device) => [device.type, device.confirmed])).toEqual([["authentik_stages_authenticator_totp.TOTPDevice", true]]);

    const events = await api.events.eventsEventsList({ username: "ada" });
    expect(events.results.map((event) => event.action)).toEqual(expect.arrayContaining(["login", "user_write"]));
    const used = await api.events.eventsEventsList({ action: "invitation_used" });
    expect(used.results.map((event) => event.context?.invitation_uuid)).toContain(invitation.pk.replace(/-/g, ""));

    // Signed in now: the flow (require_unauthenticated) no longer applies to this browser.
    expect((await browser.request(link)).html).toContain("Flow does not apply to current user.");
    // And in another browser the single-use link is spent.
    const again = await new Browser().request(link);
    expect(again.html).toContain(INVALID);
    expect(again.html).toContain("<h1>Request has been denied.</h1>");
  });

  it("continues the same plan on reload and writes attributes without a username in fixed_data", async () => {
    const { link } = await createInvitation({ name: "castello-inv-2", fixedData: fixedData("inv-2") });
    const browser = new Browser();
    expect(inputValue((await browser.request(link)).html, "username")).toBe("");
    expect(inputValue((await browser.request(link)).html, "email")).toBe("inv-2@castello.test");
    const written = await browser.request(link, { name: "Grace Hopper", username: "grace", password: PASSWORD, password_repeat: PASSWORD });
    expect(written.status).toBe(302);
    const secret = totpSecret((await browser.request(link)).html);
    expect((await browser.request(link, { code: totpCode(secret, new Date(Date.now() - 30_000)) })).location).toBe(
      `${CASTELLO_URL}/onboarding/complete`,
    );
    const user = state.directory.findUserByUsername("grace")!;
    expect(user.attributes).toEqual({ castello_invite: "inv-2", castello_family: "family-1", castello_tenant: "tenant-1" });
    expect(user.email).toBe("inv-2@castello.test");
  });

  it("refuses a missing, unknown, expired or other-flow invitation", async () => {
    const path = `/if/flow/${ENROLLMENT_FLOW_SLUG}/`;
    expect((await new Browser().request(path)).html).toContain(INVALID);
    expect((await new Browser().request(`${path}?itoken=${crypto.randomUUID()}`)).html).toContain(INVALID);

    const expired = await createInvitation({
      name: "castello-expired",
      fixedData: fixedData("inv-3"),
      expires: new Date(Date.now() - 60_000),
    });
    const browser = new Browser();
    const page = await browser.request(expired.link);
    expect(page.status).toBe(200);
    expect(page.html).toContain(INVALID);
    expect(browser.has("authentik_enrollment_plan")).toBe(false);

    const other = await createInvitation({
      name: "castello-other-flow",
      fixedData: fixedData("inv-4"),
      flowSlug: "default-authentication-flow",
    });
    expect((await new Browser().request(other.link)).html).toContain(INVALID);
    expect(state.invitations.has(other.invitation.pk)).toBe(true);
  });

  it("keeps a reusable invitation usable", async () => {
    const { invitation, link } = await createInvitation({ name: "castello-reusable", fixedData: fixedData("inv-5"), singleUse: false });
    expect(inputValue((await new Browser().request(link)).html, "email")).toBe("inv-5@castello.test");
    expect(inputValue((await new Browser().request(link)).html, "email")).toBe("inv-5@castello.test");
    expect((await api.stages.stagesInvitationInvitationsRetrieve({ inviteUuid: invitation.pk })).name).toBe("castello-reusable");
  });
});
