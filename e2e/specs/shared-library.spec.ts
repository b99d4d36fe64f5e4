import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser, memberEntry } from "../support/invitee";
import { mailedLinks } from "../support/sandbox-control";
import { E2E_IMMICH_URL } from "../support/ports";

const address = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

async function waitForLink(email: string): Promise<string> {
  let links: string[] = [];
  await expect(async () => {
    links = await mailedLinks(email);
    expect(links.length).toBeGreaterThanOrEqual(1);
  }).toPass({ timeout: 40_000 });
  return links[0]!;
}

/** The Immich user a page is signed in as (the fake's photos page shows its id). */
async function immichUserId(page: Page): Promise<string> {
  await expect(page.getByTestId("user-id")).toBeVisible({ timeout: 30_000 });
  return (await page.getByTestId("user-id").textContent())!.trim();
}

async function invite(page: Page, emails: string[], role: "member" | "admin" | "guest") {
  await page.getByLabel("E-mail addresses").fill(emails.join("\n"));
  await page.locator('select[name="role"]').selectOption(role);
  await page.getByRole("button", { name: "Send invitations" }).click();
  for (const email of emails) await expect(page.getByText(email).first()).toBeVisible();
}

/** An invitee enrolls (their own password and TOTP), then opens their photos from the onboarding page. */
async function join(browser: import("@playwright/test").Browser, email: string, name: string) {
  const invitee = await inviteeBrowser(browser);
  await invitee.page.goto(await waitForLink(email));
  await enrollWithTotp(invitee.page, {
    name,
    username: `${name.toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 6)}`,
    password: `Long-Enough-${randomUUID()}`,
  });
  const open = invitee.page.getByRole("link", { name: "Open my photos" });
  await expect(open).toBeVisible({ timeout: 40_000 });
  await open.click();
  return invitee;
}

test.describe("one family library", () => {
  test("every member lands in the family library with their own login, guests see it without changing it, a removed member loses it, and switching back loses nothing", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(240_000);
    const owner = await createPerson({ name: "Olga Owner" });
    const { familyId } = await seedFamily(owner, { familyName: "Ferraris" });
    await signIn(page, owner);

    // The owner switches, after a dialog that says what a family library means.
    await page.goto(`/family/${familyId}/settings`);
    await page.getByRole("button", { name: "Switch to one family library" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Switch to one family library?" });
    await expect(dialog.getByText(/everyone can see, change and delete every photo/)).toBeVisible();
    await dialog.getByRole("button", { name: "Switch to one family library" }).click();
    await expect(page.getByText(/The family library is on/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Undo: switch back to separate libraries" })).toBeVisible();

    await page.goto(`/family/${familyId}`);
    const [anna, bruno, gina] = [address("anna"), address("bruno"), address("gina")];
    await invite(page, [anna, bruno], "member");
    await invite(page, [gina], "guest");

    const annaBrowser = await join(browser, anna, "Anna");
    const library = await immichUserId(annaBrowser.page);
    const brunoBrowser = await join(browser, bruno, "Bruno");
    expect(await immichUserId(brunoBrowser.page)).toBe(library);
    // The owner too, from the family page.
    await page.reload();
    await page.getByRole("link", { name: "Open the family library" }).click();
    expect(await immichUserId(page)).toBe(library);

    // Anna uploads; Bruno sees it in the same library.
    await annaBrowser.page
      .getByLabel("Photo", { exact: true })
      .setInputFiles({ name: "beach.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(2048, 7) });
    await annaBrowser.page.getByRole("button", { name: "Upload" }).click();
    await expect(annaBrowser.page.getByTestId("timeline-item").filter({ hasText: "beach.jpg" })).toBeVisible();
    await brunoBrowser.page.reload();
    await expect(brunoBrowser.page.getByTestId("timeline-item").filter({ hasText: "beach.jpg" })).toBeVisible();

    // The guest lands in the guest account: sees the library's photo, cannot upload.
    const ginaBrowser = await join(browser, gina, "Gina");
    expect(await immichUserId(ginaBrowser.page)).not.toBe(library);
    await expect(ginaBrowser.page.getByTestId("timeline-item").filter({ hasText: "beach.jpg" })).toBeVisible({ timeout: 30_000 });
    await ginaBrowser.page
      .getByLabel("Photo", { exact: true })
      .setInputFiles({ name: "mine.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(1024, 1) });
    await ginaBrowser.page.getByRole("button", { name: "Upload" }).click();
    await expect(ginaBrowser.page.getByRole("alert")).toHaveText("Quota has been exceeded!");

    // Bruno is removed: the dialog says the others sign in again; his open session loses the library.
    await page.goto(`/family/${familyId}`);
    await page.getByRole("button", { name: "Remove Bruno" }).click();
    const remove = page.getByRole("alertdialog", { name: "Remove Bruno from the family?" });
    await expect(remove.getByText(/every device signed in to it is signed out/)).toBeVisible();
    await remove.getByRole("button", { name: "Remove", exact: true }).click();
    await expect(memberEntry(page, "Bruno")).toHaveCount(0);
    await expect(async () => {
      await brunoBrowser.page.goto(`${E2E_IMMICH_URL}/photos`);
      await expect(brunoBrowser.page.getByTestId("user-id")).toHaveCount(0, { timeout: 1000 });
    }).toPass({ timeout: 40_000 });
    await brunoBrowser.page.goto(`${E2E_IMMICH_URL}/auth/login?autoLaunch=1`);
    await expect(brunoBrowser.page.getByTestId("user-id")).toHaveCount(0);

    // Back to separate libraries (the undo): Anna lands in her own account; the library keeps its photo.
    await page.goto(`/family/${familyId}/settings`);
    await page.getByRole("button", { name: "Undo: switch back to separate libraries" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Switch to separate libraries" }).click();
    await expect(page.getByText(/Everyone is back to their own library/)).toBeVisible();
    await expect(async () => {
      await annaBrowser.page.goto(`${E2E_IMMICH_URL}/auth/login?autoLaunch=1`);
      const own = await immichUserId(annaBrowser.page);
      expect(own).not.toBe(library);
    }).toPass({ timeout: 40_000 });
    await page.goto(`/family/${familyId}`);
    await page.getByRole("link", { name: "Open my photos" }).click();
    expect(await immichUserId(page)).not.toBe(library);
    for (const each of [annaBrowser, brunoBrowser, ginaBrowser]) await each.context.close();
  });
});
