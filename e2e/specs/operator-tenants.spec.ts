import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { tenants } from "../../lib/db/schema";
import { expect, signIn, test } from "../support/fixtures";
import { E2E_IMMICH_URL } from "../support/ports";
import { clearFaults, createImmichApiKey, injectFault } from "../support/sandbox-control";

const newSlug = () => `e2e-${randomUUID().slice(0, 8)}`;

test.describe("operator: tenants", () => {
  test.afterEach(async () => {
    await clearFaults("authentik");
    await clearFaults("immich");
  });

  test("registers a tenant against Immich from the browser; the key is sealed and the Authentik group gets created", async ({
    page,
    createPerson,
    db,
  }) => {
    const operator = await createPerson({ groups: ["castello-operators"] });
    const apiKey = await createImmichApiKey();
    const slug = newSlug();
    await signIn(page, operator);
    await page.getByRole("link", { name: "Register a tenant" }).click();

    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Display name").fill("Verdi Photos");
    await page.getByLabel("Immich URL").fill(E2E_IMMICH_URL);
    await page.getByLabel("Immich admin API key").fill(apiKey);
    await page.getByLabel("Default family storage (GB)").fill("250");
    await page.getByLabel("Seats per family").fill("5");
    await page.getByRole("button", { name: "Register tenant" }).click();

    await expect(page.getByRole("heading", { name: "Verdi Photos", level: 1 })).toBeVisible();
    await expect(page.getByText("Tenant registered")).toBeVisible();
    expect(await page.content()).not.toContain(apiKey);

    const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug));
    expect(row!.immichApiKeyEncrypted).toMatch(/^v1\./);
    expect(row!.immichApiKeyEncrypted).not.toContain(apiKey);

    await expect(async () => {
      await page.reload();
      await expect(page.getByText(`Authentik group castello-tenant-${slug}: ready`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // Castello wires the tenant's sign-in itself: provider, application, redirect URIs, Immich's OAuth settings.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("list", { name: "Wired items" }).getByText("Present and matching")).toHaveCount(4, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    await page.getByRole("link", { name: "← Operator" }).click();
    const tenantRow = page.getByRole("row", { name: new RegExp(slug) });
    await expect(tenantRow.getByText("Immich v3.2.2")).toBeVisible();
    await expect(page.getByText("Authentik reachable, API token accepted.")).toBeVisible();
  });

  test("refuses a wrong URL or key with a precise message next to the field, and saves nothing", async ({ page, createPerson, db }) => {
    const operator = await createPerson({ groups: ["castello-operators"] });
    const slug = newSlug();
    await signIn(page, operator);
    await page.goto("/operator/tenants/new");
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Display name").fill("Broken");
    await page.getByLabel("Immich URL").fill("http://127.0.0.1:9431");
    await page.getByLabel("Immich admin API key").fill("whatever");
    await page.getByRole("button", { name: "Register tenant" }).click();
    await expect(page.getByLabel("Immich URL")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Immich could not be reached \(connection refused\)/)).toBeVisible();
    // What was typed stays, except the secret.
    await expect(page.getByLabel("Slug")).toHaveValue(slug);
    await expect(page.getByLabel("Immich admin API key")).toHaveValue("");

    await page.getByLabel("Immich URL").fill(E2E_IMMICH_URL);
    await page.getByLabel("Immich admin API key").fill("not-a-real-key");
    await page.getByRole("button", { name: "Register tenant" }).click();
    await expect(page.getByText("Immich refused the credentials: the API key or token is wrong or was revoked.")).toBeVisible();
    await expect(page.getByLabel("Immich admin API key")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Immich admin API key").fill(await createImmichApiKey(["all"], false));
    await page.getByRole("button", { name: "Register tenant" }).click();
    await expect(page.getByText(/must belong to an Immich admin/)).toBeVisible();

    await page.getByLabel("Slug").fill("Not A Label!");
    await page.getByLabel("Display name").fill("");
    await page.getByRole("button", { name: "Register tenant" }).click();
    await expect(page.getByText("Use lowercase letters, digits and dashes")).toBeVisible();
    await expect(page.getByText("Enter a name.")).toBeVisible();

    expect(await db.select().from(tenants).where(eq(tenants.slug, slug))).toEqual([]);
  });

  test("with Authentik down the group waits as pending, and is created once Authentik is back", async ({ page, createPerson }) => {
    const operator = await createPerson({ groups: ["castello-operators"] });
    const slug = newSlug();
    await injectFault("authentik", {
      path: "/api/v3/core/groups/",
      fault: { kind: "status", status: 503, body: { detail: "Service Unavailable" } },
    });
    await signIn(page, operator);
    await page.goto("/operator/tenants/new");
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Display name").fill("Waiting Photos");
    await page.getByLabel("Immich URL").fill(E2E_IMMICH_URL);
    await page.getByLabel("Immich admin API key").fill(await createImmichApiKey());
    await page.getByRole("button", { name: "Register tenant" }).click();
    await expect(page.getByText("Tenant registered")).toBeVisible();

    await expect(async () => {
      await page.goto("/operator");
      await expect(
        page
          .getByRole("list", { name: "Failed or retrying jobs" })
          .getByText(/Retrying/)
          .first(),
      ).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole("row", { name: new RegExp(slug) }).getByText(/pending/)).toBeVisible();

    await clearFaults("authentik");
    await expect(async () => {
      await page.reload();
      await expect(
        page.getByRole("row", { name: new RegExp(slug) }).getByText(`Authentik group castello-tenant-${slug}: ready`),
      ).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 45_000 });
  });

  test("edits and suspends a tenant; its members lose the family area while suspended", async ({
    page,
    browser,
    createPerson,
    seedFamily,
    db,
  }) => {
    const operator = await createPerson({ groups: ["castello-operators"] });
    const owner = await createPerson();
    const { tenantId, familyName } = await seedFamily(owner);
    await db.update(tenants).set({ immichUrl: E2E_IMMICH_URL }).where(eq(tenants.id, tenantId));

    await signIn(page, operator);
    await page.goto(`/operator/tenants/${tenantId}`);
    await page.getByLabel("Display name").fill("Renamed Photos");
    await page.getByLabel("Seats per family").fill("3");
    // No key typed: the saved one is kept (this seeded tenant has none, so only the name and seats change).
    await page.getByRole("button", { name: "Save tenant" }).click();
    await expect(page.getByText("Tenant saved.")).toBeVisible();

    await page.getByRole("button", { name: "Suspend tenant" }).click();
    await expect(page.getByText("Tenant suspended")).toBeVisible();

    const ownerContext = await browser.newContext();
    const ownerPage = await ownerContext.newPage();
    await signIn(ownerPage, owner);
    await expect(ownerPage).toHaveURL(/\/no-access$/);

    await page.getByRole("button", { name: "Resume tenant" }).click();
    await expect(page.getByText("Tenant active again.")).toBeVisible();
    await ownerPage.goto("/family");
    await expect(ownerPage.getByRole("heading", { name: familyName })).toBeVisible();
    await ownerContext.close();
  });

  test("only operators reach the operator pages and actions", async ({ page, createPerson, seedFamily }) => {
    const owner = await createPerson();
    const { tenantId } = await seedFamily(owner);
    await signIn(page, owner);
    for (const path of ["/operator/tenants/new", `/operator/tenants/${tenantId}`, "/operator/authentik"]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
  });
});
