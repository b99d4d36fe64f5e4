import { expect, signIn, signOut, test } from "../support/fixtures";
import { memberEntry } from "../support/invitee";
import { E2E_APP_URL } from "../support/ports";

test.describe("sign-in through Authentik OIDC", () => {
  test("an operator lands on /operator, is refused the other areas, and signs out of Authentik too", async ({ page, createPerson }) => {
    const operator = await createPerson({ groups: ["castello-operators"] });
    await signIn(page, operator);
    await expect(page).toHaveURL(/\/operator$/);
    await expect(page.getByRole("heading", { name: "Operator", level: 1 })).toBeVisible();
    await expect(page.getByText(`Signed in as ${operator.name}`)).toBeVisible();

    for (const path of ["/support", "/family"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    }

    // Ids beyond the column's range are simply not found.
    expect((await page.goto("/operator/tenants/99999999999"))?.status()).toBe(404);
    expect((await page.request.get("/api/onboarding/status?member=99999999999")).status()).toBe(404);

    await page.goto("/operator");
    await signOut(page);
    await expect(page).toHaveURL(/\/$/);
    // The Authentik session ended as well: signing in again asks for the password.
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Username or email")).toBeVisible();
    await page.goto("/operator");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });

  test("a support agent lands on /support and is refused the operator and family areas", async ({ page, createPerson }) => {
    const agent = await createPerson({ groups: ["castello-support"] });
    await signIn(page, agent);
    await expect(page).toHaveURL(/\/support$/);
    await expect(page.getByRole("heading", { name: "Support", level: 1 })).toBeVisible();
    for (const path of ["/operator", "/family"]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
    await page.goto("/support");
    await signOut(page);
  });

  test("a customer lands on their family and is refused the staff areas", async ({ page, createPerson, seedFamily }) => {
    const owner = await createPerson({ name: "Giulia Bianchi" });
    const { familyName } = await seedFamily(owner, { familyName: "Bianchi family" });
    await signIn(page, owner);
    await expect(page).toHaveURL(/\/family\/\d+$/);
    await expect(page.getByRole("heading", { name: familyName })).toBeVisible();
    await expect(memberEntry(page, "Giulia Bianchi")).toContainText("Owner");
    for (const path of ["/operator", "/support"]) {
      expect((await page.goto(path))?.status(), path).toBe(404);
    }
    await page.goto("/family");
    await signOut(page);
  });

  test("a person with neither a staff group nor a family is told so", async ({ page, createPerson }) => {
    const stranger = await createPerson();
    await signIn(page, stranger);
    await expect(page).toHaveURL(/\/no-access$/);
    await expect(page.getByText("not part of a family yet")).toBeVisible();
    expect((await page.goto("/family"))?.status()).toBe(404);
  });

  test("signed-out visitors are sent to the start page", async ({ page }) => {
    await page.goto("/family");
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });

  test("a session cookie copied before sign-out opens nothing afterwards", async ({ page, browser, createPerson, seedFamily }) => {
    const owner = await createPerson();
    const { familyId } = await seedFamily(owner);
    await signIn(page, owner);
    await expect(page).toHaveURL(/\/family\/\d+$/);
    const copied = (await page.context().cookies()).filter((cookie) => cookie.name.startsWith("authjs.session-token"));
    expect(copied.length).toBeGreaterThan(0);
    await signOut(page);

    const thief = await browser.newContext({ baseURL: E2E_APP_URL });
    await thief.addCookies(copied);
    const session = await thief.request.get("/api/auth/session");
    expect(await session.json()).toBeNull();
    const stolen = await thief.newPage();
    await stolen.goto(`/family/${familyId}`);
    await expect(stolen).toHaveURL(/\/$/);
    await expect(stolen.getByRole("button", { name: "Sign in" })).toBeVisible();
    await thief.close();
  });
});
