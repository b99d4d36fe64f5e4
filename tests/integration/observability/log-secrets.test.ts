import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { onRequestError } from "@/instrumentation";
import type { Actor } from "@/lib/audit/actor";
import { outboxJobs, supportRecoveryLinks } from "@/lib/db/schema";
import { observeAction } from "@/lib/observability/http";
import { redirectLogs } from "@/lib/observability/logger";
import { acceptInvite } from "@/lib/onboarding/service";
import { provisioningStatus } from "@/lib/onboarding/status";
import { createPersonRecoveryLink, revealRecoveryLink } from "@/lib/support/service";
import { db } from "@/tests/support/db";
import { until } from "@/tests/support/wait";
import { inviteOne, linkToken, mailTo, newHousehold, startHarness, type Harness } from "./harness";

const PASSWORD = `pw-${randomUUID()}`;
const SESSION_COOKIE = randomBytes(120).toString("base64url");
const agent: Actor = { type: "support", sub: `agent-${randomUUID()}`, label: "Sam Support" };

let harness: Harness;
const lines: string[] = [];
let restoreLogs: () => void;

beforeAll(async () => {
  restoreLogs = redirectLogs((line) => lines.push(line), "trace");
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
  restoreLogs?.();
});

it("logs a whole journey, failures and retries included, without one secret", { timeout: 60_000 }, async () => {
  const { authentik, immich, catcher, settings } = harness;
  // Each system fails once, so the retries' error lines are in the logs too; Immich echoes its key back.
  authentik.faults.add({
    method: "POST",
    path: "/api/v3/stages/invitation/invitations/",
    fault: { kind: "status", status: 503 },
    times: 1,
  });
  immich.faults.add({
    method: "POST",
    path: "/api/admin/users",
    fault: { kind: "status", status: 500, body: { message: `refused x-api-key: ${immich.adminApiKey}` } },
    times: 1,
  });
  catcher.faults.add({ mode: "reject", times: 1 });

  const household = await observeAction({ area: "operator", requestId: "req-register-0001" }, () => newHousehold(harness));
  const invite = await observeAction({ area: "family", requestId: "req-invite-00001" }, () => inviteOne(harness, household));
  const token = linkToken(await mailTo(harness, invite.email));
  const user = authentik.directory.createUser({
    username: `anna-${randomUUID()}`,
    name: "Anna Rossi",
    email: invite.email,
    password: PASSWORD,
  });
  const member = await observeAction({ area: "onboarding" }, () =>
    acceptInvite({ token, person: { sub: user.uid, email: invite.email, name: user.name } }, harness.deps),
  );
  await until(async () => (await provisioningStatus(db, member.id, user.uid, harness.deps.photos.loginUrl))?.photosUrl, 30_000);

  const linkId = await observeAction({ area: "support" }, () =>
    createPersonRecoveryLink({ actor: agent, input: { sub: user.uid, reason: "Ticket 1: lost phone" } }, harness.deps),
  );
  await until(async () => (await db.select().from(supportRecoveryLinks).where(eq(supportRecoveryLinks.id, linkId)))[0]?.readyAt);
  const recoveryLink = await revealRecoveryLink({ actor: agent, input: { sub: user.uid, linkId } }, harness.deps);

  // What Next.js reports of a failed request, with the request's cookie and authorization header.
  await onRequestError(
    new Error(`render failed for authjs.session-token=${SESSION_COOKIE}`),
    {
      path: `/invite/${token}?t=${token}`,
      method: "GET",
      headers: { cookie: `authjs.session-token=${SESSION_COOKIE}`, authorization: `Bearer ${settings.METRICS_TOKEN}` },
    },
    { routerKind: "App Router", routePath: "/invite/[token]", routeType: "render", revalidateReason: undefined },
  );

  const [mailJob] = await db
    .select()
    .from(outboxJobs)
    .where(and(eq(outboxJobs.queue, "mail.send-invite"), eq(outboxJobs.subjectId, String(invite.id))));
  const secrets = {
    "Authentik API token": settings.AUTHENTIK_API_TOKEN,
    "Immich API key": immich.adminApiKey,
    "OIDC client secret": settings.AUTH_AUTHENTIK_SECRET,
    "session secret": settings.AUTH_SECRET,
    "encryption key": settings.CASTELLO_ENCRYPTION_KEY,
    "SMTP password": new URL(settings.SMTP_URL).password,
    "metrics token": settings.METRICS_TOKEN!,
    "invite token": token,
    "sealed invite token": (mailJob!.payload as { sealedToken: string }).sealedToken,
    "the person's password": PASSWORD,
    "session cookie": SESSION_COOKIE,
    "recovery link": recoveryLink,
    "recovery token": new URL(recoveryLink).searchParams.get("flow_token") ?? "",
  };

  const logs = lines.join("");
  const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(parsed.length).toBeGreaterThan(20);
  expect(parsed.some((line) => line.component === "upstream" && line.system === "authentik")).toBe(true);
  expect(parsed.some((line) => line.component === "upstream" && line.system === "immich" && line.outcome === "server_error")).toBe(true);
  expect(parsed.some((line) => line.component === "jobs" && line.msg === "job completed")).toBe(true);
  expect(parsed.some((line) => line.component === "jobs" && String(line.msg).startsWith("job failed"))).toBe(true);
  expect(parsed.some((line) => line.component === "next" && line.route === "/invite/[token]")).toBe(true);
  // The invite's request id reaches the jobs it caused.
  expect(parsed.some((line) => line.queue === "identity.create-invitation" && line.requestId === "req-invite-00001")).toBe(true);

  for (const [name, secret] of Object.entries(secrets)) {
    expect(secret.length, name).toBeGreaterThan(8);
    expect(logs.includes(secret), `${name} appears in the logs`).toBe(false);
  }
  // No 32 random bytes in base64url (invite tokens, Immich users' generated passwords) at all.
  expect(logs.match(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g) ?? []).toEqual([]);
});
