import { randomUUID } from "node:crypto";
import { expect, signIn, test } from "../support/fixtures";
import { translatorFor } from "../../lib/i18n/translate";
import { enrollWithTotp, inviteeBrowser, memberEntry, openInviteMail } from "../support/invitee";

test.describe("the invite journey", () => {
  test("an owner invites; the invitee enrolls with a password and TOTP, watches provisioning and lands in their Immich", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(120_000);
    const owner = await createPerson({ name: "Clara Verdi" });
    const { familyName } = await seedFamily(owner, { familyName: "Verdi family" });
    const suffix = randomUUID().slice(0, 8);
    const email = `luca-${suffix}@example.test`;

    await signIn(page, owner);
    await expect(page.getByRole("heading", { name: familyName })).toBeVisible();
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByLabel("Role").selectOption("member");
    await page.getByLabel("Storage (GB, optional)").fill("5");
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${email} is on its way.`)).toBeVisible();
    const pending = page.getByRole("list", { name: "Pending invitations" }).getByRole("listitem").filter({ hasText: email });
    await expect(pending).toBeVisible();
    await expect(pending).toContainText("expires");

    const invitee = await inviteeBrowser(browser);
    await openInviteMail(invitee.page, email);
    await expect(invitee.page.getByRole("heading", { name: `You’re invited to join ${familyName}` })).toBeVisible();
    await expect(invitee.page.getByText("Clara Verdi invited you to join Verdi family")).toBeVisible();

    // The page speaks Italian too, before signing in.
    await invitee.page.getByLabel("Language", { exact: true }).selectOption("it");
    await invitee.page.getByRole("button", { name: "Change language" }).click();
    await expect(
      invitee.page.getByRole("heading", { name: translatorFor("it")("onboarding.title", { family: familyName }) }),
    ).toBeVisible();
    await invitee.page.getByLabel("Lingua").selectOption("en");
    await invitee.page.getByRole("button", { name: translatorFor("it")("common.language.change") }).click();
    await expect(invitee.page.getByRole("heading", { name: `You’re invited to join ${familyName}` })).toBeVisible();

    await enrollWithTotp(invitee.page, { name: "Luca Verdi", username: `luca-${suffix}`, password: `Correct-Horse-${suffix}` });
    await expect(invitee.page.getByRole("heading", { name: `Welcome to ${familyName}` })).toBeVisible();
    const open = invitee.page.getByRole("link", { name: "Open my photos" });
    await expect(open).toBeVisible({ timeout: 30_000 });
    await expect(invitee.page.getByRole("list", { name: "Progress" }).getByRole("listitem")).toHaveCount(4);
    await open.click();

    await expect(invitee.page.getByTestId("signed-in-as")).toContainText(`Luca Verdi (${email})`);
    await expect(invitee.page.getByTestId("storage-quota")).toHaveAttribute("data-bytes", "5000000000");

    // The owner sees the new member, with MFA on.
    await page.reload();
    const row = memberEntry(page, "Luca Verdi");
    await expect(row).toContainText("Member");
    await expect(row.getByText("MFA on")).toBeVisible();
    await expect(page.getByRole("list", { name: "Pending invitations" })).toHaveCount(0);
    await invitee.context.close();
  });

  test("the link cannot be used twice, and an unknown link says so without revealing anything", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson();
    await seedFamily(owner);
    const email = `once-${randomUUID().slice(0, 8)}@example.test`;
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    const invitee = await inviteeBrowser(browser);
    await openInviteMail(invitee.page, email);
    const link = invitee.page.url();
    await enrollWithTotp(invitee.page, {
      name: "Once Only",
      username: `once-${randomUUID().slice(0, 6)}`,
      password: `Another-Long-${randomUUID()}`,
    });
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });

    const stranger = await inviteeBrowser(browser);
    await stranger.page.goto(link);
    await expect(stranger.page.getByRole("heading", { name: "This invitation was already used" })).toBeVisible();
    await stranger.page.goto(link.replace(/\/invite\/.+$/, `/invite/${"x".repeat(43)}`));
    await expect(stranger.page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
    await invitee.context.close();
    await stranger.context.close();
  });

  test("someone who already has an Authentik account signs in instead of enrolling", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson();
    const { familyName } = await seedFamily(owner);
    const friend = await createPerson({ name: "Existing Friend" });
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(friend.email);
    await page.getByLabel("Role").selectOption("guest");
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${friend.email} is on its way.`)).toBeVisible();

    const invitee = await inviteeBrowser(browser);
    await openInviteMail(invitee.page, friend.email);
    await invitee.page.getByRole("button", { name: "I already have an account" }).click();
    await invitee.page.getByLabel("Username or email").fill(friend.username);
    await invitee.page.getByLabel("Password").fill(friend.password);
    await invitee.page.getByRole("button", { name: "Log in" }).click();
    await expect(invitee.page.getByRole("heading", { name: `Welcome to ${familyName}` })).toBeVisible();
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });

    await page.reload();
    await expect(memberEntry(page, "Existing Friend")).toContainText("Guest");
    await invitee.context.close();
  });
});
