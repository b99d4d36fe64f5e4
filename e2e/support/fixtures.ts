import { test as base, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { createDatabase, type Database } from "../../lib/db/connect";
import { families, members, tenants } from "../../lib/db/schema";
import { encryptSecret } from "../../lib/crypto/secret-box";
import { tenantKeyContext } from "../../lib/tenants/key-context";
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
  createPerson: (options?: { groups?: string[]; name?: string }) => Promise<Person>;
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
        body: JSON.stringify({ ...person, groups: options.groups ?? [] }),
      });
      expect(response.status).toBe(201);
      const created = (await response.json()) as { uid: string; pk: number };
      return { ...person, ...created };
    });
  },
  seedFamily: async ({ db }, use) => {
    await use(async (owner, options = {}) => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      const familyName = options.familyName ?? `Family ${slug}`;
      const keyring = { current: Buffer.from(E2E_ENCRYPTION_KEY, "base64"), previous: [] };
      const [tenant] = await db
        .insert(tenants)
        .values({
          slug,
          displayName: `Tenant ${slug}`,
          immichUrl: E2E_IMMICH_URL,
          immichApiKeyEncrypted: encryptSecret(keyring, await createImmichApiKey(), tenantKeyContext(slug)),
          authentikGroupName: `castello-tenant-${slug}`,
          seatLimit: options.seatLimit ?? 6,
        })
        .returning();
      const [family] = await db
        .insert(families)
        .values({ tenantId: tenant!.id, name: familyName, storageAllowanceBytes: 10 ** 11, immichRemovalPolicy: options.immichRemovalPolicy ?? "soft_delete" })
        .returning();
      await db.insert(members).values({
        tenantId: tenant!.id,
        familyId: family!.id,
        authentikSub: owner.uid,
        authentikUserPk: owner.pk,
        email: owner.email,
        displayName: owner.name,
        role: "owner",
      });
      return { tenantId: tenant!.id, familyId: family!.id, familyName, tenantSlug: slug };
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
