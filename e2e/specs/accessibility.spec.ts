import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { checkPage, LOCALES, useLocale } from "../support/a11y";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser } from "../support/invitee";
import { mailedLinks } from "../support/sandbox-control";

/**
 * Every page each persona's journey passes through, in every language: axe (WCAG 2.1 A + AA)
 * finds nothing, and nothing scrolls sideways on a phone or at 200% zoom. Once per page and
 * language, not once per test.
 */
test.describe("accessibility in every language", () => {
  test("the checks fail on a page that breaks them (the canary)", async ({ page }) => {
    await page.setContent(
      '<html lang="en"><body><main><img src="x.png"><p style="color:#bbb;background:#fff">faint</p><div style="width:900px">wide</div></main></body></html>',
    );
    await expect(checkPage(page, "canary", "en")).rejects.toThrow(/lang|image-alt|color-contrast/);
    const violations = (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations.map((v) => v.id);
    expect(violations).toEqual(expect.arrayContaining(["image-alt", "color-contrast"]));
  });

  test("public pages: start, not found, an invalid invitation link", async ({ page }) => {
    for (const locale of LOCALES) {
      await useLocale(page.context(), locale);
      await page.goto("/");
      await checkPage(page, "start page", locale);
      await page.goto("/no-such-page");
      await checkPage(page, "not found", locale);
      await page.goto(`/invite/${"x".repeat(43)}`);
      await checkPage(page, "invalid invitation", locale);
    }
  });

  test("invitee and customer: invitation, progress, my account, the family page, its removal dialog and its settings", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(180_000);
    const owner = await createPerson({ name: "Marta Bruni" });
    const { familyName, familyId } = await seedFamily(owner, { familyName: "Bruni" });
    const suffix = randomUUID().slice(0, 8);
    const email = `nico-${suffix}@example.test`;
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${email} is on its way.`)).toBeVisible();
    await expect.poll(() => mailedLinks(email), { timeout: 30_000 }).toHaveLength(1);
    const [link] = await mailedLinks(email);

    const invitee = await inviteeBrowser(browser);
    for (const locale of LOCALES) {
      await useLocale(invitee.context, locale);
      await invitee.page.goto(link!);
      await checkPage(invitee.page, "invitation", locale);
    }
    await useLocale(invitee.context, "en");
    await invitee.page.goto(link!);
    await enrollWithTotp(invitee.page, { name: "Nico Bruni", username: `nico-${suffix}`, password: `Correct-Horse-${suffix}` });
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });
    const progress = invitee.page.url();
    for (const locale of LOCALES) {
      await useLocale(invitee.context, locale);
      await invitee.page.goto(progress);
      await expect(invitee.page.getByRole("heading", { level: 1 })).toContainText(familyName);
      await checkPage(invitee.page, "onboarding progress", locale);
      await invitee.page.goto("/account");
      await expect(invitee.page.getByText(/MFA/)).toBeVisible();
      await checkPage(invitee.page, "my account", locale);
    }
    await invitee.context.close();

    // The owner's page, with a member to manage and an invitation pending.
    await page.getByLabel("E-mail addresses").fill(`pending-${suffix}@example.test`);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to pending-${suffix}@example.test is on its way.`)).toBeVisible();
    for (const locale of LOCALES) {
      await useLocale(page.context(), locale);
      await page.reload();
      await expect(page.getByRole("listitem").filter({ hasText: "Nico Bruni" }).getByText(/MFA/)).toBeVisible();
      await checkPage(page, "family page", locale);
      await page
        .getByRole("listitem")
        .filter({ hasText: "Nico Bruni" })
        .getByRole("button", { name: /Nico Bruni/ })
        .last()
        .click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await checkPage(page, "removal dialog", locale);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("alertdialog")).toHaveCount(0);
      await page.goto(`/family/${familyId}/settings`);
      await checkPage(page, "family settings", locale);
      await page.goto(`/family/${familyId}`);
    }
  });

  test("staff and people without a family: operator, tenant, new tenant, new family, Authentik check, support, no access", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    // Seven pages in five languages, each checked by axe at three widths.
    test.setTimeout(240_000);
    const owner = await createPerson();
    const { tenantId, familyId } = await seedFamily(owner);
    const staff = await createPerson({ groups: ["castello-operators", "castello-support"] });
    await signIn(page, staff);
    const pages = {
      "operator dashboard": "/operator",
      "tenant page": `/operator/tenants/${tenantId}`,
      "new tenant": "/operator/tenants/new",
      "new family": `/operator/tenants/${tenantId}/families/new`,
      "operator's family": `/operator/tenants/${tenantId}/families/${familyId}`,
      "Authentik check": "/operator/authentik",
      support: "/support",
    };
    for (const locale of LOCALES) {
      await useLocale(page.context(), locale);
      for (const [label, path] of Object.entries(pages)) {
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        await checkPage(page, label, locale);
      }
    }

    const outsider = await inviteeBrowser(browser);
    await signIn(outsider.page, await createPerson());
    for (const locale of LOCALES) {
      await useLocale(outsider.context, locale);
      await outsider.page.goto("/no-access");
      await checkPage(outsider.page, "no access", locale);
    }
    await outsider.context.close();
  });

  test("the support console: search results, the reason gate, an account review with its dialog, a family review", async ({
    page,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(150_000);
    const owner = await createPerson({ devices: [{ kind: "totp", name: "Phone" }] });
    const { familyId } = await seedFamily(owner);
    await signIn(page, await createPerson({ groups: ["castello-support"] }));
    const person = `/support/people/${owner.uid}`;
    await page.goto(person);
    await checkPage(page, "account review gate", "en");
    await page.getByLabel("Reason").fill("Ticket 4711: accessibility check");
    await page.getByRole("button", { name: "Open the account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: owner.name })).toBeVisible();
    await page.goto(`/support/families/${familyId}`);
    await page.getByLabel("Reason").fill("Ticket 4711: accessibility check");
    await page.getByRole("button", { name: "Open the account" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Members" })).toBeVisible();
    for (const locale of LOCALES) {
      await useLocale(page.context(), locale);
      await page.goto("/support");
      await page.locator("#support-search").fill(owner.email.slice(0, 10));
      await expect(page.locator("a[data-result]").first()).toBeVisible();
      await checkPage(page, "support search results", locale);
      await page.goto(person);
      await page.waitForLoadState("networkidle");
      await checkPage(page, "account review", locale);
      await page.goto(`/support/families/${familyId}`);
      await checkPage(page, "family review", locale);
    }
    await useLocale(page.context(), "en");
    await page.goto(person);
    await page.getByRole("button", { name: "Suspend" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await checkPage(page, "support action dialog", "en");
  });
});
