import { eq } from "drizzle-orm";
import { members, tenants } from "../../lib/db/schema";
import { SANDBOX_API_TOKEN } from "../../sandbox/start";
import { expect, signIn, test } from "../support/fixtures";
import { E2E_AUTHENTIK_URL, E2E_IMMICH_URL } from "../support/ports";

/** The Authentik API as an administrator would use it by hand, to break things on purpose. */
async function authentikApi(method: string, path: string, body?: unknown) {
  const response = await fetch(`${E2E_AUTHENTIK_URL}/api/v3${path}`, {
    method,
    headers: { authorization: `Bearer ${SANDBOX_API_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${path}`).toBeLessThan(300);
  return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
}

test.describe("operator: a tenant's sign-in wiring and drift", () => {
  test("Castello wires the tenant; a broken redirect URI and a member taken out of the group show up and get fixed", async ({
    page,
    createPerson,
    seedFamily,
    db,
  }) => {
    test.setTimeout(180_000);
    const owner = await createPerson();
    const { tenantId, tenantSlug, familyId } = await seedFamily(owner);
    const operator = await createPerson({ groups: ["castello-operators"] });
    await signIn(page, operator);
    await page.goto(`/operator/tenants/${tenantId}`);

    const wiring = page.getByRole("list", { name: "Wired items" });
    await expect(async () => {
      await page.reload();
      await expect(wiring.getByText("Present and matching")).toHaveCount(4, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    // An administrator breaks the redirect URI by hand in Authentik.
    const application = await authentikApi("GET", `/core/applications/immich-${tenantSlug}/`);
    await authentikApi("PATCH", `/providers/oauth2/${String(application!.provider)}/`, {
      redirect_uris: [{ url: `${E2E_IMMICH_URL}/auth/login-typo`, matching_mode: "strict" }],
    });
    await page.getByRole("button", { name: "Check again" }).click();
    await expect(async () => {
      await page.reload();
      await expect(wiring.getByText(`Redirect URI: expected —, found ${E2E_IMMICH_URL}/auth/login-typo`)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    await page.getByRole("button", { name: "Repair" }).click();
    const dialog = page.getByRole("alertdialog", { name: /Repair the sign-in of/ });
    await expect(dialog).toContainText("Nobody's photos are touched.");
    await dialog.getByRole("button", { name: "Repair" }).click();
    await expect(page.getByText("Repair queued")).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(wiring.getByText("Present and matching")).toHaveCount(4, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });

    // The owner joined long enough ago to be checked; then someone removes them from the group by hand.
    await db
      .update(members)
      .set({ joinedAt: new Date(Date.now() - 86_400_000) })
      .where(eq(members.familyId, familyId));
    const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
    await expect(async () => {
      const group = await authentikApi("GET", `/core/groups/${tenant!.identityGroupId}/?include_users=true`);
      expect(group!.users).toContain(owner.pk);
    }).toPass({ timeout: 30_000 });
    await authentikApi("POST", `/core/groups/${tenant!.identityGroupId}/remove_user/`, { pk: owner.pk });

    await page.getByRole("button", { name: "Check now" }).click();
    const drift = page.getByRole("list", { name: "Differences" });
    await expect(async () => {
      await page.reload();
      await expect(drift.getByText("Member missing from the tenant's group")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(drift).toContainText(owner.email);

    await drift.getByRole("button", { name: "Add to the group" }).click();
    const confirm = page.getByRole("alertdialog", { name: /Add to the group/ });
    await expect(confirm).toContainText("adds the member's account to the tenant's group");
    await confirm.getByRole("button", { name: "Add to the group" }).click();
    await expect(page.getByText("Fix queued")).toBeVisible();
    await expect(async () => {
      const group = await authentikApi("GET", `/core/groups/${tenant!.identityGroupId}/?include_users=true`);
      expect(group!.users).toContain(owner.pk);
    }).toPass({ timeout: 30_000 });

    // The sandbox's one Immich serves every test's tenant, so other tenants' users show as unknown here: only this difference must go.
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(async () => {
      await page.reload();
      await expect(drift.getByText("Member missing from the tenant's group")).toHaveCount(0, { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(wiring.getByText("Present and matching")).toHaveCount(4);
  });
});
