import { test as base, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { createDatabase, type Database } from "../../lib/db/connect";
import { createAuthentikIdentity } from "../../lib/identity/authentik/adapter";
import { createImmichPhotos } from "../../lib/photos/immich/adapter";
import { unsealTenantApiKey } from "../../lib/tenants/connection";
import { seedFamily, seedTenant, type SeedDeps } from "../../sandbox/seed";
import { SANDBOX_API_TOKEN } from "../../sandbox/start";
import { E2E_AUTHENTIK_URL, E2E_ENCRYPTION_KEY, E2E_IMMICH_URL, assertLocalDatabase, e2eDatabaseUrl } from "./ports";
import { createImmichApiKey } from "./sandbox-control";

export interface Person {
  username: string;
  password: string;
  name: string;
  email: string;
  uid: string;
  pk: number;
}

interface Fixtures {
  db: Database;
  createPerson: (options?: {
    groups?: string[];
    name?: string;
    devices?: { kind: "totp" | "webauthn"; name: string }[];
  }) => Promise<Person>;
  seedFamily: (
    owner: Person,
    options?: { familyName?: string; seatLimit?: number; immichRemovalPolicy?: "soft_delete" | "keep" },
  ) => Promise<{ tenantId: number; familyId: number; familyName: string; tenantSlug: string }>;
}

let shared: ReturnType<typeof createDatabase> | undefined;

export const test = base.extend<Fixtures>({
  db: async ({}, use) => {
    const url = e2eDatabaseUrl();
    assertLocalDatabase(url);
    shared ??= createDatabase(url, { max: 2 });
    await use(shared.db);
  },
  createPerson: async ({}, use) => {
    await use(async (options = {}) => {
      const suffix = randomUUID().slice(0, 8);
      const person = {
        username: `person-${suffix}`,
        password: `pw-${randomUUID()}`,
        name: options.name ?? `Person ${suffix}`,
        email: `person-${suffix}@example.test`,
      };
      const response = await fetch(`${E2E_AUTHENTIK_URL}/-/sandbox/users`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...person, groups: options.groups ?? [], devices: options.devices ?? [] }),
      });
      expect(response.status).toBe(201);
      const created = (await response.json()) as { uid: string; pk: number };
      return { ...person, ...created };
    });
  },
  seedFamily: async ({ db }, use) => {
    const keyring = { current: Buffer.from(E2E_ENCRYPTION_KEY, "base64"), previous: [] };
    const deps: SeedDeps = {
      db,
      keyring,
      identity: createAuthentikIdentity({ url: E2E_AUTHENTIK_URL, token: SANDBOX_API_TOKEN }),
      photos: createImmichPhotos({ unsealApiKey: (tenant) => unsealTenantApiKey(tenant, keyring) }),
    };
    // Through the verbs, as an operator and the owner would: a tenant, a family, the owner's invite accepted.
    await use(async (owner, options = {}) => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      const familyName = options.familyName ?? `Family ${slug}`;
      const tenantId = await seedTenant(deps, {
        slug,
        displayName: `Tenant ${slug}`,
        immichUrl: E2E_IMMICH_URL,
        immichApiKey: await createImmichApiKey(),
        seatLimit: options.seatLimit ?? 6,
      });
      const { familyId } = await seedFamily(deps, {
        tenantId,
        name: familyName,
        owner: { sub: owner.uid, email: owner.email, name: owner.name },
        storageAllowanceBytes: 10 ** 11,
        ownerQuotaBytes: null,
        immichRemovalPolicy: options.immichRemovalPolicy,
      });
      return { tenantId, familyId, familyName, tenantSlug: slug };
    });
  },
});

/** Signs in through the real OIDC redirect: portal → fake Authentik login → portal. */
export async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Username or email").fill(person.username);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.origin === new URL(page.url()).origin && !url.pathname.startsWith("/api/auth"));
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
}

export { expect };
