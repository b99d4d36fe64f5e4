import { expect, signIn, test } from "../support/fixtures";

test("the operator's Authentik set-up check lists every object the blueprint creates", async ({ page, createPerson }) => {
  const operator = await createPerson({ groups: ["castello-operators"] });
  await signIn(page, operator);
  await page.getByRole("link", { name: "Authentik set-up check" }).click();
  await expect(page.getByRole("heading", { name: "Authentik set-up" })).toBeVisible();
  const items = page.getByRole("list", { name: "Authentik objects" }).getByRole("listitem");
  await expect(items).toHaveCount(4);
  await expect(page.getByText("Everything Castello needs is in Authentik.")).toBeVisible();
  await expect(items.filter({ hasText: "Enrollment flow castello-enrollment" })).toContainText("6 stages in order");
});
