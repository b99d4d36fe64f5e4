import { randomBytes, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { inject } from "vitest";
import { invites } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env-schema";
import { createInvites } from "@/lib/invites/service";
import type { RetryPolicy } from "@/lib/jobs/policy";
import { startWorker, type Worker } from "@/lib/jobs/worker";
import { buildDeps, type Deps, type Settings } from "@/lib/platform/deps";
import { JOB_QUEUES } from "@/lib/platform/jobs";
import { registerTenantInput } from "@/lib/tenants/input";
import { registerTenant } from "@/lib/tenants/service";
import { startFakeImmich, type FakeImmich } from "@/sandbox/immich/server";
import { startMailCatcher, type CaughtMessage, type MailCatcher } from "@/sandbox/mail";
import { db } from "@/tests/support/db";
import { actorOf, createFamily, createMember, deleteTenants, operatorActor } from "@/tests/support/factories";
import { AUTHENTIK_TEST_TOKEN, startAuthentikSandbox, type AuthentikSandbox } from "@/tests/support/sandbox";
import { until } from "@/tests/support/wait";

export const PORTAL = "http://localhost:3000";
const FAST: RetryPolicy = { retryLimit: 20, retryDelay: 1, retryDelayMax: 1, expireInSeconds: 5 };

/**
 * The sandbox and a worker built the way production builds them (buildDeps from settings,
 * with a mail password and every secret setting), so a test sees what the product logs and traces.
 */
export interface Harness {
  authentik: AuthentikSandbox;
  immich: FakeImmich;
  catcher: MailCatcher;
  deps: Deps & { close: () => Promise<void> };
  settings: Settings;
  worker: Worker;
  /** Committed by the test; deleted once the worker has stopped. */
  tenantIds: number[];
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const [authentik, immich, catcher] = await Promise.all([
    startAuthentikSandbox({ enrollment: { castelloUrl: PORTAL } }),
    startFakeImmich(),
    startMailCatcher(),
  ]);
  const parsed = parseEnv({
    AUTH_SECRET: randomBytes(33).toString("base64"),
    AUTH_URL: PORTAL,
    AUTH_AUTHENTIK_ISSUER: `${authentik.server.url}/application/o/castello/`,
    AUTH_AUTHENTIK_ID: "castello",
    AUTH_AUTHENTIK_SECRET: `oidc-client-secret-${randomUUID()}`,
    AUTHENTIK_URL: authentik.server.url,
    AUTHENTIK_API_TOKEN: AUTHENTIK_TEST_TOKEN,
    CASTELLO_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    SMTP_URL: catcher.smtpUrl.replace("smtp://", `smtp://castello:smtp-pass-${randomUUID()}@`),
    METRICS_TOKEN: randomBytes(33).toString("base64"),
    DATABASE_URL: inject("databaseUrl"),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const settings = parsed.env as Settings;
  const deps = buildDeps(settings, { db });
  const worker = await startWorker({
    databaseUrl: settings.DATABASE_URL,
    context: deps,
    queues: JOB_QUEUES,
    policy: FAST,
    dispatchIntervalMs: 100,
    pollingIntervalSeconds: 0.5,
    superviseIntervalSeconds: 1,
  });
  const tenantIds: number[] = [];
  return {
    authentik,
    immich,
    catcher,
    deps,
    settings,
    worker,
    tenantIds,
    close: async () => {
      await worker.stop();
      await deleteTenants(db, tenantIds);
      deps.mailer.close();
      await Promise.all([authentik.server.close(), immich.close(), catcher.close()]);
    },
  };
}

const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/** A tenant registered on the fake Immich with its admin key, a family and its owner; all committed. */
export async function newHousehold(harness: Harness) {
  const input = registerTenantInput.parse({
    slug: unique("obs"),
    displayName: "Foto Rossi",
    immichUrl: harness.immich.url,
    immichApiKey: harness.immich.adminApiKey,
    defaultFamilyStorageGb: "100",
    seatLimit: "6",
  });
  const { tenant } = await registerTenant({ actor: operatorActor(), input }, harness.deps);
  harness.tenantIds.push(tenant.id);
  const family = await createFamily(db, tenant.id, { name: "Rossi" });
  const owner = await createMember(db, family, { role: "owner", displayName: "Olga Rossi" });
  return { tenant, family, owner };
}

export async function inviteOne(harness: Harness, household: Awaited<ReturnType<typeof newHousehold>>) {
  const [invite] = await createInvites(
    {
      actor: actorOf(household.owner),
      input: { familyId: household.family.id, emails: `${unique("anna")}@example.test`, role: "member", quotaBytes: 10 ** 9 },
    },
    harness.deps,
  );
  return invite!;
}

export const recordedInvitation = (inviteId: number) =>
  until(async () => (await db.select().from(invites).where(eq(invites.id, inviteId)))[0]?.identityInvitationId);

export const mailTo = (harness: Harness, email: string) =>
  until(() => harness.catcher.messages().find((message) => message.to.some((to) => to.address === email)));

/** The token of the portal link in an invite e-mail. */
export function linkToken(message: CaughtMessage): string {
  const token = message.links.map((link) => /\/invite\/([A-Za-z0-9_-]{43})$/.exec(link)?.[1]).find(Boolean);
  if (!token) throw new Error("no invite link in the e-mail");
  return token;
}
