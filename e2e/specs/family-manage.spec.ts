import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { invites } from "../../lib/db/schema";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser, memberEntry } from "../support/invitee";
import { authentikUserByEmail, immichUserByEmail, mailedLinks } from "../support/sandbox-control";

const address = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

async function waitForLink(email: string, count = 1): Promise<string> {
  let links: string[] = [];
  await expect(async () => {
    links = await mailedLinks(email);
    expect(links.length).toBeGreaterThanOrEqual(count);
  }).toPass({ timeout: 40_000 });
  return links[0]!;
}

test.describe("family management", () => {
  test("resend sends a new link and kills the old one; revoke withdraws the invite", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson();
    await seedFamily(owner);
    const email = address("resend");
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    const first = await waitForLink(email);

    await page.getByRole("button", { name: `Resend to ${email}` }).click();
    await expect(page.getByText(`A new link was sent to ${email}; the old one no longer works.`)).toBeVisible();
    const second = await waitForLink(email, 2);
    expect(second).not.toBe(first);

    const invitee = await inviteeBrowser(browser);
    await invitee.page.goto(first);
    await expect(invitee.page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
    await invitee.page.goto(second);
    await expect(invitee.page.getByRole("button", { name: "Create my account" })).toBeVisible();

    await page.getByRole("button", { name: `Revoke ${email}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Withdraw" }).click();
    await expect(page.getByText(`The invitation to ${email} was withdrawn.`)).toBeVisible();
    await invitee.page.goto(second);
    await expect(invitee.page.getByRole("heading", { name: "This invitation was withdrawn" })).toBeVisible();
    await invitee.context.close();
  });

  test("an expired link gets its own page", async ({ page, browser, createPerson, seedFamily, db }) => {
    const owner = await createPerson();
    const { familyId } = await seedFamily(owner);
    const email = address("late");
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    const link = await waitForLink(email);
    await db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.familyId, familyId));
    const invitee = await inviteeBrowser(browser);
    await invitee.page.goto(link);
    await expect(invitee.page.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
    await expect(invitee.page.getByText("Ask the person who invited you to send it again.")).toBeVisible();
    await invitee.context.close();
  });

  test("refuses an existing member, a second pending invite, and invites beyond the seat limit, next to the field", async ({
    page,
    createPerson,
    seedFamily,
  }) => {
    const owner = await createPerson();
    await seedFamily(owner, { seatLimit: 3 });
    await signIn(page, owner);
    const emails = page.getByLabel("E-mail addresses");
    const send = page.getByRole("button", { name: "Send invitations" });

    await emails.fill(owner.email.toUpperCase());
    await send.click();
    await expect(page.getByText(`${owner.email} is already a member of this family.`)).toBeVisible();
    await expect(emails).toHaveAttribute("aria-invalid", "true");

    const one = address("one");
    await emails.fill(one);
    await send.click();
    await expect(page.getByText(`Invitation to ${one} is on its way.`)).toBeVisible();
    await emails.fill(one);
    await send.click();
    await expect(page.getByText(`${one} already has a pending invite (resend it instead).`)).toBeVisible();

    await emails.fill(`${address("two")}, ${address("three")}`);
    await send.click();
    await expect(page.getByText("This family has 1 free seat of 3 (pending invites hold a seat).")).toBeVisible();

    await emails.fill("not-an-address");
    await send.click();
    await expect(page.getByText("Not a valid e-mail address: not-an-address")).toBeVisible();
  });

  test("removing a member says what will happen, then removes them from Authentik's group, deactivates them and soft-deletes their Immich account; invited again, they get back in", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(120_000);
    const owner = await createPerson();
    const { tenantSlug } = await seedFamily(owner);
    const email = address("leaving");
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    const invitee = await inviteeBrowser(browser);
    await invitee.page.goto(await waitForLink(email));
    const username = `leaving-${randomUUID().slice(0, 6)}`;
    const password = `Long-Enough-${randomUUID()}`;
    await enrollWithTotp(invitee.page, { name: "Leaving Person", username, password });
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });
    expect((await authentikUserByEmail(email))?.groups_obj?.map((group) => group.name)).toContain(`castello-tenant-${tenantSlug}`);
    expect((await immichUserByEmail(email))?.status).toBe("active");

    await page.reload();
    // The dialog says what will happen before anything is done; Cancel changes nothing.
    await page.getByRole("button", { name: "Remove Leaving Person" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove Leaving Person from the family?" });
    await expect(dialog.getByText("Leaving Person loses access to this family's photo service.")).toBeVisible();
    await expect(dialog.getByText(/their Immich account is deleted, and can be restored for 7 days/)).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(memberEntry(page, "Leaving Person")).toHaveCount(1);
    await page.getByRole("button", { name: "Remove Leaving Person" }).click();
    await dialog.getByRole("button", { name: "Remove", exact: true }).click();
    await expect(page.getByText("Leaving Person was removed from the family.")).toBeVisible();
    await expect(memberEntry(page, "Leaving Person")).toHaveCount(0);

    await expect(async () => {
      const user = await authentikUserByEmail(email);
      expect(user?.is_active).toBe(false);
      expect(user?.groups_obj?.map((group) => group.name) ?? []).not.toContain(`castello-tenant-${tenantSlug}`);
      expect((await immichUserByEmail(email))?.status).toBe("deleted");
    }).toPass({ timeout: 40_000 });

    // Out of their last family, their portal session has ended on the server: back to the start page.
    await invitee.page.goto("/family");
    await expect(invitee.page).toHaveURL(/\/$/);
    await expect(invitee.page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await invitee.context.close();

    // Invited again, the person gets back in with the account they had: Castello switches it on.
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${email} is on its way.`)).toBeVisible();
    await expect.poll(async () => (await authentikUserByEmail(email))?.is_active, { timeout: 30_000 }).toBe(true);
    const back = await inviteeBrowser(browser);
    await back.page.goto(await waitForLink(email, 2));
    await back.page.getByRole("button", { name: "I already have an account" }).click();
    await back.page.getByLabel("Username or email").fill(username);
    await back.page.getByLabel("Password").fill(password);
    await back.page.getByRole("button", { name: "Log in" }).click();
    await expect(back.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => (await immichUserByEmail(email))?.status, { timeout: 30_000 }).toBe("active");
    await page.reload();
    await expect(memberEntry(page, "Leaving Person")).toHaveCount(1);
    await back.context.close();
  });
});
