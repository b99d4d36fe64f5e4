import { randomUUID } from "node:crypto";
import { totpCode } from "../../sandbox/authentik/flows";
import { expect, test, type Person } from "../support/fixtures";
import { inviteeBrowser, memberEntry } from "../support/invitee";
import { expectVisibleFocus, tabTo, typeInto } from "../support/keyboard";
import { mailedLinks } from "../support/sandbox-control";
import type { Page } from "@playwright/test";

/** Sign-in with the keyboard: the start page's button, then the identity provider's form. */
async function signInByKeyboard(page: Page, person: Person) {
  await page.goto("/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Sign in" }));
  await page.keyboard.press("Enter");
  await typeInto(page, page.getByLabel("Username or email"), person.username);
  await typeInto(page, page.getByLabel("Password"), person.password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/family\//);
}

test.describe("keyboard only", () => {
  test("the invite journey and a member's removal, without a mouse", async ({ page, browser, createPerson, seedFamily }) => {
    test.setTimeout(150_000);
    const owner = await createPerson({ name: "Keyla Board" });
    const { familyName } = await seedFamily(owner, { familyName: "Board" });
    const suffix = randomUUID().slice(0, 8);
    const email = `keys-${suffix}@example.test`;

    await signInByKeyboard(page, owner);
    // The skip link is the first stop and moves the focus to the main content.
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expectVisibleFocus(skip);
    await page.keyboard.press("Enter");
    await expect(page.locator("#main")).toBeFocused();

    await typeInto(page, page.getByLabel("E-mail addresses"), email);
    const send = page.getByRole("button", { name: "Send invitations" });
    await tabTo(page, send);
    await expectVisibleFocus(send);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").getByText(`Invitation to ${email} is on its way.`)).toBeVisible();

    // The invitee, by keyboard too: the invite page, the enrollment, the progress page.
    await expect.poll(() => mailedLinks(email), { timeout: 30_000 }).toHaveLength(1);
    const invitee = await inviteeBrowser(browser);
    const keys = invitee.page;
    await keys.goto((await mailedLinks(email))[0]!);
    await expect(keys.getByRole("heading", { name: `You’re invited to join ${familyName}` })).toBeVisible();
    await tabTo(keys, keys.getByRole("button", { name: "Create my account" }));
    await expectVisibleFocus(keys.getByRole("button", { name: "Create my account" }));
    await keys.keyboard.press("Enter");
    await typeInto(keys, keys.getByLabel("Name", { exact: true }), "Kim Keys");
    await typeInto(keys, keys.getByLabel("Username"), `keys-${suffix}`);
    await typeInto(keys, keys.getByLabel("Password", { exact: true }), `Correct-Horse-${suffix}`);
    await typeInto(keys, keys.getByLabel("Password (repeat)"), `Correct-Horse-${suffix}`);
    await keys.keyboard.press("Enter");
    const secret = (await keys.getByLabel("TOTP secret").textContent())?.trim() ?? "";
    await typeInto(keys, keys.getByLabel("Code"), totpCode(secret));
    await keys.keyboard.press("Enter");
    const open = keys.getByRole("link", { name: "Open my photos" });
    await expect(open).toBeVisible({ timeout: 30_000 });
    await tabTo(keys, open);
    await expectVisibleFocus(open);
    await invitee.context.close();

    // Removal: the dialog traps the focus, Escape closes it and gives the focus back.
    await page.reload();
    const remove = memberEntry(page, "Kim Keys").getByRole("button", { name: "Remove Kim Keys" });
    await tabTo(page, remove);
    await expectVisibleFocus(remove);
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("alertdialog", { name: "Remove Kim Keys from the family?" });
    await expect(dialog).toBeVisible();
    for (let presses = 0; presses < 6; presses += 1) {
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(remove).toBeFocused();

    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    const confirm = dialog.getByRole("button", { name: "Remove", exact: true });
    await tabTo(page, confirm);
    await expectVisibleFocus(confirm);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").getByText("Kim Keys was removed from the family.")).toBeVisible();
    await expect(memberEntry(page, "Kim Keys")).toHaveCount(0);
  });

  test("every form error is announced: tied to its field, marked invalid, notices in a live region", async ({
    page,
    createPerson,
    seedFamily,
  }) => {
    const owner = await createPerson();
    await seedFamily(owner);
    await signInByKeyboard(page, owner);

    const emails = page.getByLabel("E-mail addresses");
    await typeInto(page, emails, "not-an-address");
    await tabTo(page, page.getByRole("button", { name: "Send invitations" }));
    await page.keyboard.press("Enter");
    await expect(emails).toHaveAttribute("aria-invalid", "true");
    await expect(emails).toHaveAccessibleDescription(/Not a valid e-mail address: not-an-address/);

    const quota = page.getByLabel("Storage (GB, optional)");
    await typeInto(page, quota, "-4");
    await page.keyboard.press("Enter");
    await expect(quota).toHaveAttribute("aria-invalid", "true");
    await expect(quota).toHaveAccessibleDescription(/Storage cannot be negative/);

    const own = page.getByLabel(/^Storage of .* in GB$/);
    await own.fill("");
    await typeInto(page, own, "99999999");
    await page.keyboard.press("Enter");
    await expect(own).toHaveAttribute("aria-invalid", "true");
    await expect(own).toHaveAccessibleDescription("That is more than a petabyte.");
    await expect(page.getByRole("alert").filter({ hasText: "That is more than a petabyte." })).toBeVisible();

    // A success is said in the page's live region, which exists before anything is said.
    const live = page.locator('[role="status"][aria-live="polite"]').first();
    await expect(live).toBeAttached();
    await emails.fill("");
    await typeInto(page, emails, `fine-${randomUUID().slice(0, 6)}@example.test`);
    await quota.fill("");
    await tabTo(page, page.getByRole("button", { name: "Send invitations" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "is on its way" })).toBeVisible();
  });
});
