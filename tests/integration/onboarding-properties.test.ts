/**
 * Property-based tests of the public onboarding entry points and the route handlers that take
 * input, 500 hostile cases each:
 * - app/(public)/invite/[token]/actions.ts: startEnrollment, signInToAccept (the form's token);
 * - app/(public)/onboarding/complete/actions.ts: acceptInvitationAction (the invite cookie and
 *   the signed-in person's name and address, which people choose in Authentik);
 * - app/actions/choose-locale.ts: chooseLocale (locale, returnTo; signed in or not);
 * - app/api/onboarding/invitation/route.ts (the invite cookie), app/api/onboarding/status/route.ts
 *   (the query string, with and without a session), app/api/metrics/route.ts and
 *   app/api/health/route.ts (the Authorization header), each with a hostile x-request-id.
 * Each answer is compared with what it must be for that input (an oracle written from the
 * code's documented behaviour), and only the legitimate cases may write.
 * signInWithAuthentik, signOutEverywhere, GET /onboarding/sign-in, /api/health/live and
 * /api/health/ready take no input: tests/integration/authorization-table.test.ts calls them.
 */
import fc from "fast-check";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { startBoss } from "@/lib/jobs/boss";
import { INVITE_TOKEN_PATTERN } from "@/lib/invites/tokens";
import { isLocale } from "@/lib/i18n/locales";
import { safeReturnPath } from "@/lib/i18n/return-path";
import { translatorFor } from "@/lib/i18n/translate";
import { parseId } from "@/lib/ids";
import { startEnrollment, signInToAccept } from "@/app/(public)/invite/[token]/actions";
import { acceptInvitationAction } from "@/app/(public)/onboarding/complete/actions";
import { chooseLocale } from "@/app/actions/choose-locale";
import { POST as invitationRoute } from "@/app/api/onboarding/invitation/route";
import { GET as statusRoute } from "@/app/api/onboarding/status/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { db } from "@/tests/support/db";
import { createFamilyWithRoles, createInvite, deleteTenants } from "@/tests/support/factories";
import {
  assertProperty,
  captureErrorLogs,
  committedCounts,
  fieldValue,
  hostileText,
  runCase,
  toFormData,
  UNEXPECTED,
  type FieldValue,
  type Settled,
} from "@/tests/support/hostile-input";

const PORTAL = "https://portal.example.test";
const INVITEE_SUB = "invitee-enrolled-sub";
const EXISTING_SUB = "invitee-existing-sub";
const METRICS_TOKEN = "metrics-token-0123456789abcdef0123456789";

/** The request's cookies, the session, and what the fakes were asked. */
const state = vi.hoisted(() => ({
  cookies: new Map<string, { value: string; options?: Record<string, unknown> }>(),
  deleted: [] as string[],
  auth: null as null | { user: { sub: string; email: string; name: string } },
  signIns: [] as unknown[],
  metricsToken: undefined as string | undefined,
  enrolledInviteId: 0,
  existingEmail: "",
}));

vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (state.cookies.has(name) ? { name, value: state.cookies.get(name)!.value } : undefined),
    set: (name: string, value: string, options?: Record<string, unknown>) => void state.cookies.set(name, { value, options }),
    delete: (name: string) => {
      state.deleted.push(name);
      state.cookies.delete(name);
    },
  }),
  headers: async () => new Headers(),
}));
/** Auth.js: the session is the test's; signing in redirects to the provider, as Auth.js does. */
vi.mock("@/lib/auth/config", async () => {
  const { redirect } = await import("next/navigation");
  return {
    auth: async () => state.auth,
    signIn: async (provider: string, options: unknown) => {
      state.signIns.push({ provider, options });
      redirect("https://auth.example.test/application/o/authorize/");
    },
  };
});
vi.mock("@/lib/env", () => ({
  getEnv: () => ({ AUTH_URL: "https://portal.example.test", METRICS_TOKEN: state.metricsToken }),
}));
vi.mock("next-intl/server", async () => {
  const { translatorFor: english } = await import("@/lib/i18n/translate");
  return { getTranslations: async () => english("en") };
});
/** Authentik and Immich as fakes: one invitation still exists, one was used up; one person enrolled, one had an account. */
vi.mock("@/lib/platform/server", async () => {
  const { db: testDb } = await import("@/tests/support/db");
  const { boundDb } = await import("@/tests/support/hostile-input");
  const account = (sub: string) => ({ id: "77", sub, username: sub, email: `${sub}@example.test`, name: "Ina Invitee", isActive: true });
  const deps = {
    get db() {
      return boundDb(testDb);
    },
    identity: {
      invitationExists: async (id: string) => id === "inv-live",
      enrollmentUrl: (id: string) => `https://auth.example.test/if/flow/enroll/?itoken=${id}`,
      findAccountsByInvite: async (inviteId: number) => (inviteId === state.enrolledInviteId ? [account("invitee-enrolled-sub")] : []),
      findAccountsByEmail: async (email: string) => (email === state.existingEmail ? [account("invitee-existing-sub")] : []),
      health: async () => ({ reachable: true, credentialsAccepted: true }),
    },
    photos: {
      loginUrl: (tenant: { immichUrl: string }) => `${tenant.immichUrl}/auth/login?autoLaunch=1`,
      forTenant: () => ({ health: async () => ({ reachable: true }) }),
    },
    now: () => new Date(),
  };
  return { serverDeps: () => deps };
});

const t = translatorFor("en");
const IDENTITY_DOWN = t("onboarding.identityDown");
const errors = captureErrorLogs();
let world: Awaited<ReturnType<typeof newWorld>>;
let countsBefore: Record<string, number>;
let boss: PgBoss;

async function newWorld() {
  const home = await createFamilyWithRoles(db, { tenant: { seatLimit: 20, immichApiKeyEncrypted: null } });
  const ready = await createInvite(db, home.family, { identityInvitationId: "inv-live" });
  const consumed = await createInvite(db, home.family, { identityInvitationId: "inv-gone" });
  const waiting = await createInvite(db, home.family);
  const expired = await createInvite(db, home.family, { expiresAt: new Date(Date.now() - 60_000), identityInvitationId: "inv-live" });
  const revoked = await createInvite(db, home.family, { status: "revoked", revokedAt: new Date(), identityInvitationId: "inv-live" });
  return { ...home, ready, consumed, waiting, expired, revoked };
}

beforeAll(async () => {
  // pg-boss creates its schema on start; the status route and the health check read its job table.
  boss = await startBoss({ databaseUrl: inject("databaseUrl") });
  world = await newWorld();
  state.enrolledInviteId = world.ready.invite.id;
  state.existingEmail = world.waiting.invite.email;
  countsBefore = await committedCounts();
});
afterAll(async () => {
  errors.stop();
  await boss?.stop({ graceful: false, timeout: 1000 });
  // Every case was rolled back, or read only.
  expect(await committedCounts()).toEqual(countsBefore);
  await deleteTenants(db, [world.tenant.id]);
});

const resetRequest = () => {
  state.cookies.clear();
  state.deleted.length = 0;
  state.signIns.length = 0;
};

const lazy = (values: () => string[]) => fc.constant(null).chain(() => fc.constantFrom(...values()));
const worldTokens = () => [world.ready.token, world.consumed.token, world.waiting.token, world.expired.token, world.revoked.token];
/** Tokens: the world's, well-formed unknown ones, near misses, and anything else. */
const tokenValue = fieldValue(
  lazy(worldTokens),
  fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    lazy(() => [`${world.ready.token} `, world.ready.token.slice(1), `${world.ready.token}=`, world.ready.token.toUpperCase()]),
  ),
);
/** What FormData.get answers for a field: the first of repeated keys, a file as a file. */
const first = (value: FieldValue): string | File | undefined => (Array.isArray(value) ? value[0] : value);
const asServerReads = (value: FieldValue) => String(first(value) ?? "");

/** Where startEnrollment must send a well-formed token, and whether it may write (re-queue a used-up invitation). */
function enrollmentOf(token: string): { location: string; writes: boolean } {
  if (token === world.ready.token) return { location: "https://auth.example.test/if/flow/enroll/?itoken=inv-live", writes: false };
  if (token === world.consumed.token) return { location: `/invite/${token}/preparing`, writes: true };
  if (token === world.waiting.token) return { location: `/invite/${token}/preparing`, writes: false };
  return { location: `/invite/${token}`, writes: false };
}

const redirectTo = (outcome: Settled<unknown>) => {
  if (outcome.kind !== "redirect")
    throw new Error(`expected a redirect, got ${outcome.kind}: ${(outcome as { error?: Error }).error?.message}`);
  return outcome.location;
};
const noErrorsLogged = (from: number) => expect(errors.lines.slice(from)).toEqual([]);

function expectTokenRemembered(token: string) {
  expect(state.cookies.get("castello_invite")).toEqual({
    value: token,
    options: { httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 3600 },
  });
}

describe("the invite page's actions under hostile input", () => {
  it("startEnrollment: 500 hostile tokens: always a redirect, to the right place; only a used-up invitation is re-queued", async () => {
    await assertProperty(
      fc.asyncProperty(
        tokenValue,
        fc.array(fc.tuple(fc.constantFrom("$ACTION_ID_1", "token[]", "__proto__"), hostileText), { maxLength: 2 }),
        async (token, extras) => {
          const logged = errors.lines.length;
          const form = { fields: { token }, extras };
          const read = asServerReads(token);
          await runCase(
            () => startEnrollment(toFormData(form)),
            (outcome, writes) => {
              const location = redirectTo(outcome);
              if (!INVITE_TOKEN_PATTERN.test(read)) {
                expect(location).toBe("/");
                expect(state.cookies.size).toBe(0);
                expect(writes).toEqual([]);
                return;
              }
              expectTokenRemembered(read);
              const expected = enrollmentOf(read);
              expect(location).toBe(expected.location);
              if (!expected.writes) expect(writes).toEqual([]);
              else expect(writes.length).toBeGreaterThan(0);
            },
            { reset: resetRequest, errors },
          );
          noErrorsLogged(logged);
        },
      ),
    );
  });

  it("signInToAccept: 500 hostile tokens: a malformed one goes home, a well-formed one is remembered and signs in; nothing is written", async () => {
    await assertProperty(
      fc.asyncProperty(tokenValue, async (token) => {
        const read = asServerReads(token);
        await runCase(
          () => signInToAccept(toFormData({ fields: { token }, extras: [] })),
          (outcome, writes) => {
            const location = redirectTo(outcome);
            expect(writes).toEqual([]);
            if (!INVITE_TOKEN_PATTERN.test(read)) {
              expect(location).toBe("/");
              expect(state.signIns).toEqual([]);
              return;
            }
            expectTokenRemembered(read);
            expect(state.signIns).toEqual([{ provider: "authentik", options: { redirectTo: "/onboarding/complete" } }]);
          },
          { reset: resetRequest, errors },
        );
      }),
    );
  });
});

describe("accepting an invitation under hostile input", () => {
  /** The signed-in person: subs as Authentik issues them; names and addresses as people type them. */
  const person = fc.option(
    fc.record({
      sub: fc.oneof(
        fc.constantFrom(INVITEE_SUB, EXISTING_SUB, "unrelated-person-sub", ""),
        lazy(() => [world.member.identitySub]),
        fc.stringMatching(/^[0-9a-f]{64}$/),
      ),
      email: fc.oneof(fc.emailAddress(), hostileText),
      name: fc.oneof(fc.constant("Ina Invitee"), hostileText),
    }),
    { freq: 6 },
  );
  const cookie = fc.option(fc.oneof(lazy(worldTokens), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), hostileText), { freq: 6 });

  it("acceptInvitationAction: 500 hostile cookies and people: only the invited person joins, anyone else is told why and nothing is written", async () => {
    let joined = 0;
    await assertProperty(
      fc.asyncProperty(cookie, person, async (token, signedIn) => {
        const logged = errors.lines.length;
        const reset = () => {
          resetRequest();
          if (token !== null) state.cookies.set("castello_invite", { value: token });
          state.auth = signedIn ? { user: signedIn } : null;
        };
        await runCase(
          () => acceptInvitationAction(),
          (outcome, writes) => {
            if (!signedIn?.sub) {
              expect(redirectTo(outcome)).toBe("/onboarding/sign-in");
              return expect(writes).toEqual([]);
            }
            if (!token) {
              expect(redirectTo(outcome)).toBe("/");
              return expect(writes).toEqual([]);
            }
            const invited =
              (token === world.ready.token && signedIn.sub === INVITEE_SUB) ||
              (token === world.waiting.token && signedIn.sub === EXISTING_SUB);
            if (invited) {
              expect(redirectTo(outcome)).toMatch(/^\/onboarding\/complete\?member=[1-9][0-9]*$/);
              expect(state.deleted).toEqual(["castello_invite"]);
              expect(writes.length).toBeGreaterThan(0);
              joined += 1;
              return;
            }
            if (outcome.kind !== "returned")
              throw new Error(`${outcome.kind} for someone not invited: ${JSON.stringify(outcome).slice(0, 300)}`);
            expect(outcome.value.error).toEqual(expect.any(String));
            // identityDown is what an untyped error becomes here: the fakes never fail.
            expect(outcome.value.error).not.toBe(IDENTITY_DOWN);
            expect(outcome.value.error).not.toBe(UNEXPECTED);
            expect(writes).toEqual([]);
            expect(state.deleted).toEqual([]);
          },
          { reset, errors },
        );
        noErrorsLogged(logged);
      }),
    );
    state.auth = null;
    expect(joined).toBeGreaterThan(0);
  });
});

describe("the language switch under hostile input", () => {
  it("chooseLocale: 500 hostile forms: always back to a path on this site; the cookie and the profile only for a real language", async () => {
    const form = fc.record({
      locale: fieldValue(fc.constantFrom("en", "it", "de", "fr", "nl"), fc.constantFrom("EN", "es", "en-GB", "")),
      returnTo: fieldValue(
        fc.constantFrom("/", "/family/1?tab=members", "/invite/abc#top"),
        fc.constantFrom(
          "//evil.example",
          "/\\evil.example",
          "https://evil.example/",
          "/\t/evil.example",
          "javascript:alert(1)",
          "/a".repeat(1001),
        ),
      ),
    });
    const subs = fc.option(
      lazy(() => [world.member.identitySub, "someone-without-a-profile"]),
      { freq: 3 },
    );
    await assertProperty(
      fc.asyncProperty(form, subs, async (fields, sub) => {
        const reset = () => {
          resetRequest();
          state.auth = sub ? { user: { sub, email: "x@example.test", name: "X" } } : null;
        };
        await runCase(
          () => chooseLocale(toFormData({ fields, extras: [] })),
          (outcome, writes) => {
            const location = redirectTo(outcome);
            const returnTo = first(fields.returnTo);
            expect(location).toBe(safeReturnPath(returnTo));
            // The security property itself, independent of the code's own check.
            expect(new URL(location, PORTAL).origin).toBe(PORTAL);
            const locale = first(fields.locale);
            if (!isLocale(locale)) {
              expect(state.cookies.size).toBe(0);
              return expect(writes).toEqual([]);
            }
            expect(state.cookies.get("castello-locale")?.value).toBe(locale);
            if (sub) expect(writes).toEqual([expect.stringMatching(/^profiles /)]);
            else expect(writes).toEqual([]);
          },
          { reset, errors },
        );
      }),
    );
    state.auth = null;
  });
});

/** A header value a client can send: bytes, no NUL, CR or LF (Headers refuses the rest before a server sees it). */
const headerValue = hostileText.map((value) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, ""));
const requestId = fc.oneof(fc.constant(undefined), fc.uuid(), headerValue, fc.constantFrom("x".repeat(129), "id-with\ttab", "short"));
const wellFormedId = /^[A-Za-z0-9._:-]{8,128}$/;

function request(url: string, init: { method?: string; headers?: Record<string, string | undefined> } = {}) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(init.headers ?? {})) if (value !== undefined) headers.set(name, value);
  return new Request(url, { method: init.method ?? "GET", headers });
}

describe("the onboarding routes under hostile input", () => {
  it("POST /api/onboarding/invitation: 500 hostile cookies: 404, waiting or the enrollment URL, as the invite's state says; never a 500", async () => {
    const cookie = fc.option(fc.oneof(lazy(worldTokens), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), hostileText), { freq: 8 });
    await assertProperty(
      fc.asyncProperty(cookie, requestId, async (token, id) => {
        const logged = errors.lines.length;
        await runCase(
          () => invitationRoute(request(`${PORTAL}/api/onboarding/invitation`, { method: "POST", headers: { "x-request-id": id } })),
          async (outcome, writes) => {
            if (outcome.kind !== "returned") throw new Error(`the route ${outcome.kind}: ${(outcome as { error?: Error }).error?.message}`);
            const response = outcome.value;
            const body = await response.json();
            expect(response.headers.get("cache-control")).toBe("no-store");
            expect(response.headers.get("x-request-id")).toMatch(wellFormedId);
            if (id && wellFormedId.test(id)) expect(response.headers.get("x-request-id")).toBe(id);
            if (token === world.ready.token)
              expect([response.status, body]).toEqual([
                200,
                { ready: true, url: "https://auth.example.test/if/flow/enroll/?itoken=inv-live" },
              ]);
            else if (token === world.waiting.token) expect([response.status, body]).toEqual([200, { ready: false }]);
            else if (token === world.consumed.token) {
              expect([response.status, body]).toEqual([200, { ready: false }]);
              return expect(writes.length).toBeGreaterThan(0);
            } else expect([response.status, body]).toEqual([404, { error: "invitation_invalid" }]);
            expect(writes).toEqual([]);
          },
          {
            reset: () => {
              resetRequest();
              if (token !== null) state.cookies.set("castello_invite", { value: token });
            },
            errors,
          },
        );
        noErrorsLogged(logged);
      }),
    );
  });

  it("GET /api/onboarding/status: 500 hostile query strings and sessions: 401, 400 or 404, and 200 only for the member's own id", async () => {
    const memberParam = fc.oneof(
      lazy(() => [String(world.member.id), String(world.owner.id)]),
      fc.constantFrom("0", "-1", "2147483648", "99999999999999999999", "1e3", "0x1", " 1", "%", "%00", "%zz"),
      hostileText,
    );
    const query = fc.oneof(
      fc
        .array(memberParam, { maxLength: 3 })
        .map((values) => values.map((value) => `member=${encodeURIComponent(value.toWellFormed())}`).join("&")),
      fc
        .array(
          fc.oneof(
            memberParam.map((value) => `member=${value.replace(/[#\s]/g, "")}`),
            fc.constantFrom("member", "member=", "member[]=1", "&&", "=1"),
          ),
          { maxLength: 3 },
        )
        .map((parts) => parts.join("&")),
    );
    const sub = fc.option(
      lazy(() => [world.member.identitySub, world.owner.identitySub, "unrelated-person-sub"]),
      { freq: 4 },
    );
    await assertProperty(
      fc.asyncProperty(query, sub, requestId, async (search, signedIn, id) => {
        const url = `${PORTAL}/api/onboarding/status?${search}`;
        await runCase(
          () => statusRoute(request(url, { headers: { "x-request-id": id } })),
          async (outcome) => {
            if (outcome.kind !== "returned") throw new Error(`the route ${outcome.kind}: ${(outcome as { error?: Error }).error?.message}`);
            const response = outcome.value;
            const raw = new URL(url).searchParams.get("member");
            const expected = !signedIn
              ? 401
              : !raw
                ? 400
                : parseId(raw) === world.member.id && signedIn === world.member.identitySub
                  ? 200
                  : parseId(raw) === world.owner.id && signedIn === world.owner.identitySub
                    ? 200
                    : 404;
            expect(response.status).toBe(expected);
            const body = await response.json();
            if (expected === 200)
              expect(body).toMatchObject({ memberId: parseId(raw), familyName: world.family.name, steps: expect.any(Array) });
          },
          {
            reset: () => {
              resetRequest();
              state.auth = signedIn ? { user: { sub: signedIn, email: "x@example.test", name: "X" } } : null;
            },
            readOnly: true,
            errors,
          },
        );
      }),
    );
    state.auth = null;
  });
});

describe("the metrics and health routes under hostile Authorization headers", () => {
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(`Bearer ${METRICS_TOKEN}`, `bearer ${METRICS_TOKEN}`, `Bearer   ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN} `),
    fc.constantFrom(
      `Bearer ${METRICS_TOKEN}x`,
      `Bearer ${METRICS_TOKEN.slice(1)}`,
      `Basic ${METRICS_TOKEN}`,
      `Bearer`,
      `Bearer `,
      METRICS_TOKEN,
      `Bearer ${METRICS_TOKEN} extra`,
    ),
    headerValue,
    headerValue.map((value) => `Bearer ${value}`),
  );
  /** What bearerMatches must decide, written out: the scheme, any blanks, the token exactly. Headers trim the value. */
  const authorized = (header: string | undefined) => !!header && new RegExp(`^Bearer\\s+${METRICS_TOKEN}$`, "i").test(header.trim());

  it("GET /api/metrics: 500 hostile headers: 200 only with the token, 401 otherwise, 404 without the setting", async () => {
    await assertProperty(
      fc.asyncProperty(authorization, fc.boolean(), requestId, async (header, configured, id) => {
        state.metricsToken = configured ? METRICS_TOKEN : undefined;
        await runCase(
          () => metricsRoute(request(`${PORTAL}/api/metrics`, { headers: { authorization: header, "x-request-id": id } })),
          (outcome) => {
            if (outcome.kind !== "returned") throw new Error(`the route ${outcome.kind}: ${(outcome as { error?: Error }).error?.message}`);
            const expected = !configured ? 404 : authorized(header) ? 200 : 401;
            expect(outcome.value.status).toBe(expected);
            if (expected === 401) expect(outcome.value.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
          },
          { readOnly: true },
        );
      }),
    );
    state.metricsToken = undefined;
  });

  it("GET /api/health: 500 hostile headers: always an answer; each tenant's server is named only to the token", async () => {
    state.metricsToken = METRICS_TOKEN;
    await assertProperty(
      fc.asyncProperty(authorization, requestId, async (header, id) => {
        await runCase(
          () => healthRoute(request(`${PORTAL}/api/health`, { headers: { authorization: header, "x-request-id": id } })),
          async (outcome) => {
            if (outcome.kind !== "returned") throw new Error(`the route ${outcome.kind}: ${(outcome as { error?: Error }).error?.message}`);
            expect([200, 503]).toContain(outcome.value.status);
            const body = await outcome.value.json();
            expect(body.checks.immich.servers !== undefined).toBe(authorized(header));
            expect(outcome.value.headers.get("x-request-id")).toMatch(wellFormedId);
          },
          // The report is cached for a moment: a dry run would cache its failure.
          { readOnly: true, noDryRun: true },
        );
      }),
    );
    state.metricsToken = undefined;
  });
});
