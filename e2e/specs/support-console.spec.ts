import { randomUUID } from "node:crypto";
import { expect, signIn, signOut, test } from "../support/fixtures";
import { authentikUserByEmail, createImmichApiKey, immichUserByEmail } from "../support/sandbox-control";
import { E2E_IMMICH_URL } from "../support/ports";

const REASON = "Ticket 4711: lost their phone";

/** In the open dialog: the reason, then the confirming button. */
async function confirmWithReason(page: import("@playwright/test").Page, confirm: string) {
  const dialog = page.getByRole("alertdialog");
  await dialog.getByLabel("Reason").fill(REASON);
  await dialog.getByRole("button", { name: confirm }).click();
  await expect(dialog).toBeHidden();
}

test.describe("the support console", () => {
  test("an agent finds a person by part of their address, reviews the account, acts with a reason; the person sees it", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(150_000);
    const owner = await createPerson({
      name: `Nina Lostphone ${randomUUID().slice(0, 4)}`,
      devices: [{ kind: "totp", name: "Old phone" }],
    });
    const { familyName } = await seedFamily(owner);
    const invited = `cousin-${randomUUID().slice(0, 8)}@example.test`;
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(invited);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(invited).first()).toBeVisible();
    await signOut(page);

    const agent = await createPerson({ groups: ["castello-support"], name: "Sam Agent" });
    const support = await browser.newContext();
    const console = await support.newPage();
    await signIn(console, agent);
    await console.goto("/support");
    await console.getByLabel("Search every tenant").fill(owner.email.slice(0, 13));
    await console.getByRole("link", { name: new RegExp(owner.name) }).click();

    // Before anything is shown: why. The answer is audited.
    await console.getByLabel("Reason").fill("short");
    await console.getByRole("button", { name: "Open the account" }).click();
    await expect(console.getByText("Say why in at least 10 characters")).toBeVisible();
    await console.getByLabel("Reason").fill(REASON);
    await console.getByRole("button", { name: "Open the account" }).click();
    await expect(console.getByRole("heading", { level: 1, name: owner.name })).toBeVisible();

    // Identity, MFA, families, photos, invites and the merged history.
    await expect(console.getByText(owner.username, { exact: true })).toBeVisible();
    await expect(console.getByText("Old phone")).toBeVisible();
    await expect(console.getByRole("link", { name: familyName })).toBeVisible();
    await expect(console.getByText(/used of/)).toBeVisible();
    await expect(console.getByRole("list", { name: "Invites" }).getByText(invited)).toBeVisible();
    const history = console.getByRole("list", { name: "History" });
    await expect(history.getByText("Signed in").first()).toBeVisible();
    await expect(history.getByText(/sent an invite/).first()).toBeVisible();

    // Reset the authenticator app, with a reason; the page shows the work until it is done.
    await console.getByRole("button", { name: "Reset this device" }).click();
    await expect(console.getByRole("alertdialog")).toContainText("set up MFA again");
    await confirmWithReason(console, "Reset this device");
    await expect(console.getByText("No MFA device is set up.")).toBeVisible({ timeout: 30_000 });

    // Resend the pending invite.
    await console.getByRole("button", { name: "Resend" }).click();
    await confirmWithReason(console, "Resend");
    await expect(console.getByText(/sent 2 times/)).toBeVisible();

    // Suspend, then reactivate.
    await console.getByRole("button", { name: "Suspend" }).click();
    await confirmWithReason(console, "Suspend");
    await expect(console.getByText(/Suspended by support/)).toBeVisible();
    await expect(async () => expect((await authentikUserByEmail(owner.email))?.is_active).toBe(false)).toPass({ timeout: 30_000 });
    await console.getByRole("button", { name: "Reactivate" }).click();
    await confirmWithReason(console, "Reactivate");
    await expect(async () => expect((await authentikUserByEmail(owner.email))?.is_active).toBe(true)).toPass({ timeout: 30_000 });

    // A soft-deleted photos account comes back within its window.
    const photosUser = (await immichUserByEmail(owner.email))!;
    const key = await createImmichApiKey();
    const deleted = await fetch(`${E2E_IMMICH_URL}/api/admin/users/${photosUser.id}`, {
      method: "DELETE",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ force: false }),
    });
    expect(deleted.ok).toBe(true);
    await console.reload();
    await expect(console.getByText("Deleted, can still be restored.")).toBeVisible();
    await console.getByRole("button", { name: "Restore the photos account" }).click();
    await confirmWithReason(console, "Restore the photos account");
    await expect(async () => expect((await immichUserByEmail(owner.email))?.status).toBe("active")).toPass({ timeout: 30_000 });
    await support.close();

    // The person sees that support looked, and why.
    await signIn(page, owner);
    await page.goto("/account");
    const looks = page.getByRole("list", { name: "When support looked at your account" });
    await expect(looks.getByText(`Support opened your account. Reason: “${REASON}”`)).toBeVisible();
    await expect(looks.getByText(/Support suspended your account/)).toBeVisible();
  });

  test("a member or an operator without the support group does not get the console", async ({ page, createPerson, seedFamily }) => {
    const owner = await createPerson();
    await seedFamily(owner);
    await signIn(page, owner);
    const response = await page.goto("/support");
    expect(response?.status()).toBe(404);
  });
});
