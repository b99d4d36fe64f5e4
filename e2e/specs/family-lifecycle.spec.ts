import { randomUUID } from "node:crypto";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser, memberEntry, openInviteMail } from "../support/invitee";

test.describe("a family's life", () => {
  test("an operator creates a family for a new customer; the owner enrolls and lands on it as owner", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(120_000);
    const someone = await createPerson();
    const { tenantId } = await seedFamily(someone);
    const operator = await createPerson({ groups: ["castello-operators"] });
    const suffix = randomUUID().slice(0, 8);
    const ownerEmail = `owner-${suffix}@example.test`;
    const name = `Ferri ${suffix}`;

    await signIn(page, operator);
    await page.goto(`/operator/tenants/${tenantId}`);
    await page.getByRole("link", { name: "New family" }).click();
    await page.getByLabel("Family name").fill(name);
    await page.getByLabel("Seats").fill("0");
    await page.getByLabel("Owner’s e-mail address").fill("not an address");
    await page.getByRole("button", { name: "Create the family and invite its owner" }).click();
    // Bad input: said next to each field, nothing created.
    await expect(page.getByLabel("Seats")).toHaveAccessibleDescription(/A family needs at least one seat/);
    await expect(page.getByLabel("Owner’s e-mail address")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Seats").fill("4");
    await page.getByLabel("Storage allowance (GB)").fill("50");
    await page.getByLabel("Owner’s e-mail address").fill(ownerEmail);
    await page.getByLabel("Owner’s language").selectOption("en");
    await page.getByRole("button", { name: "Create the family and invite its owner" }).click();
    await expect(
      page.getByRole("status").getByText(`${name} was created. Its owner’s invitation is on its way to ${ownerEmail}.`),
    ).toBeVisible();

    // The operator finds it, waiting for its owner.
    await page.getByLabel("Find a family by name or owner’s e-mail").fill(ownerEmail);
    await page.getByRole("button", { name: "Search" }).click();
    const entry = page.getByRole("list", { name: "Families" }).getByRole("listitem").filter({ hasText: ownerEmail });
    await expect(entry).toContainText(`Waiting for its owner: invitation sent to ${ownerEmail}`);
    await expect(entry).toContainText("1 of 4 seats");
    await expect(entry.getByRole("button", { name: `Resend to ${ownerEmail}` })).toBeVisible();

    const owner = await inviteeBrowser(browser);
    await openInviteMail(owner.page, ownerEmail);
    await expect(owner.page.getByRole("heading", { name: `You’re invited to join ${name}` })).toBeVisible();
    await enrollWithTotp(owner.page, { name: "Franca Ferri", username: `franca-${suffix}`, password: `Correct-Horse-${suffix}` });
    await expect(owner.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });
    await owner.page.goto("/family");
    await expect(owner.page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(memberEntry(owner.page, "Franca Ferri")).toContainText("Owner");
    await expect(owner.page.getByRole("heading", { name: "Invite someone" })).toBeVisible();

    // The owner renames the family: the settings say what each choice does before saving.
    await owner.page.getByRole("link", { name: "Family settings" }).click();
    await expect(owner.page.getByText("Their photos stay restorable for 7 days")).toBeVisible();
    await owner.page.getByLabel("Family name").fill(`${name} & co`);
    await owner.page.getByRole("button", { name: "Save settings" }).click();
    await expect(owner.page.getByRole("status").getByText("Settings saved.")).toBeVisible();
    await owner.page.getByRole("link", { name: `← ${name} & co` }).click();
    await expect(owner.page.getByRole("heading", { name: `${name} & co`, level: 1 })).toBeVisible();

    // …and opens their photos from the portal.
    await owner.page.getByRole("link", { name: "Open my photos" }).click();
    await expect(owner.page.getByTestId("signed-in-as")).toContainText(`Franca Ferri (${ownerEmail})`);
    await owner.context.close();

    await page.reload();
    await page.getByLabel("Find a family by name or owner’s e-mail").fill(ownerEmail);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(entry).toContainText("Owner: Franca Ferri");
    await expect(entry).not.toContainText("Waiting for its owner");
  });
});

test.describe("every member's own account", () => {
  test("a member who joined sees their families, MFA on and a working link to Authentik's settings; then the owner removes them", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(120_000);
    const owner = await createPerson({ name: "Oscar Owner" });
    const { familyName } = await seedFamily(owner, { familyName: "Account" });
    const suffix = randomUUID().slice(0, 8);
    const email = `mina-${suffix}@example.test`;
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByLabel("Storage (GB, optional)").fill("3");
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${email} is on its way.`)).toBeVisible();

    const member = await inviteeBrowser(browser);
    await openInviteMail(member.page, email);
    await enrollWithTotp(member.page, { name: "Mina Member", username: `mina-${suffix}`, password: `Correct-Horse-${suffix}` });
    await expect(member.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 30_000 });

    await member.page.goto("/family");
    await member.page.getByRole("link", { name: "My account" }).click();
    await expect(member.page.getByRole("heading", { name: "My account", level: 1 })).toBeVisible();
    await expect(member.page.getByText("MFA on")).toBeVisible();
    const mine = member.page.getByRole("list", { name: "My families" }).getByRole("listitem").filter({ hasText: familyName });
    await expect(mine).toContainText("Member");
    await expect(mine.getByRole("meter", { name: "Storage used by Mina Member" })).toHaveAttribute("aria-valuemax", "3000000000");
    await expect(mine.getByRole("link", { name: `Open my photos (${familyName})` })).toHaveAttribute(
      "href",
      /\/auth\/login\?autoLaunch=1$/,
    );
    await member.page.getByRole("link", { name: "Manage my authenticators and passkeys in Authentik" }).click();
    await expect(member.page.getByRole("heading", { name: "User settings" })).toBeVisible();
    await expect(member.page.getByTestId("authentik-user")).toContainText(email);
    await expect(member.page.getByRole("list", { name: "MFA devices" }).getByRole("listitem")).toHaveCount(1);
    await member.context.close();

    // The owner removes them, through the dialog that says what will happen.
    await page.reload();
    await page.getByRole("button", { name: "Remove Mina Member" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove Mina Member from the family?" });
    await expect(dialog).toContainText("Mina Member loses access to this family's photo service.");
    await dialog.getByRole("button", { name: "Remove", exact: true }).click();
    await expect(page.getByText("Mina Member was removed from the family.")).toBeVisible();
    await expect(memberEntry(page, "Mina Member")).toHaveCount(0);
  });
});

test.describe("an operator runs a family", () => {
  test("sets its limits (never below use), suspends it (its people lose the family page) and reactivates it", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson({ name: "Susi Pension" });
    const { tenantId, familyId, familyName } = await seedFamily(owner, { familyName: `Paused ${randomUUID().slice(0, 6)}` });
    const operator = await createPerson({ groups: ["castello-operators"] });
    await signIn(page, operator);
    await page.goto(`/operator/tenants/${tenantId}/families/${familyId}`);
    await expect(page.getByRole("heading", { name: familyName, level: 1 })).toBeVisible();
    await page.getByLabel("Seats").fill("0");
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect(page.getByLabel("Seats")).toHaveAccessibleDescription(/A family needs at least one seat/);
    await page.getByLabel("Seats").fill("3");
    await page.getByRole("button", { name: "Save limits" }).click();
    await expect(page.getByText("Limits saved.")).toBeVisible();

    const customer = await inviteeBrowser(browser);
    await signIn(customer.page, owner);
    await expect(customer.page.getByRole("heading", { name: familyName, level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Suspend the family" }).click();
    const dialog = page.getByRole("alertdialog", { name: `Suspend ${familyName}?` });
    await expect(dialog).toContainText("Nothing is deleted");
    await dialog.getByRole("button", { name: "Suspend the family" }).click();
    await expect(page.getByText(`${familyName} is suspended`)).toBeVisible();

    await customer.page.goto(`/family/${familyId}`);
    await expect(customer.page.getByRole("heading", { name: familyName, level: 1 })).toHaveCount(0);
    await customer.page.goto("/no-access");
    await expect(customer.page.getByRole("heading", { name: "Your family is not open right now" })).toBeVisible();
    await expect(customer.page.getByText(`${familyName} is suspended by the service for now.`)).toBeVisible();

    await page.reload();
    await page.getByRole("button", { name: "Reactivate the family" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Reactivate the family" }).click();
    await expect(page.getByText(`${familyName} is active again`)).toBeVisible();
    await customer.page.goto(`/family/${familyId}`);
    await expect(customer.page.getByRole("heading", { name: familyName, level: 1 })).toBeVisible();
    await customer.context.close();
  });
});

test.describe("closing a family", () => {
  test("the owner closes it with its name typed out; an operator restores it within the window", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson({ name: "Carla Closing" });
    const { tenantId, familyId, familyName } = await seedFamily(owner, { familyName: `Closing ${randomUUID().slice(0, 6)}` });
    await signIn(page, owner);
    await page.getByRole("link", { name: "Family settings" }).click();
    await expect(page.getByText(`Closing ${familyName} takes every member out of it at once`)).toBeVisible();
    const confirm = page.getByLabel("Type the family’s name to confirm");
    await confirm.fill("not the name");
    await page.getByRole("button", { name: "Close the family" }).click();
    await expect(confirm).toHaveAttribute("aria-invalid", "true");
    await expect(confirm).toHaveAccessibleDescription(`Type the family’s name, ${familyName}, to confirm.`);
    await confirm.fill(familyName.toLowerCase());
    await page.getByRole("button", { name: "Close the family" }).click();
    await expect(page.getByText("The family was closed. The service’s operators can restore it for 14 days.")).toBeVisible();
    await expect(page.getByRole("list", { name: "My families" })).toHaveCount(0);

    const operator = await inviteeBrowser(browser);
    await signIn(operator.page, await createPerson({ groups: ["castello-operators"] }));
    await operator.page.goto(`/operator/tenants/${tenantId}/families/${familyId}`);
    await expect(operator.page.getByText(/Closed by its owner on .* It can be restored until/)).toBeVisible();
    await operator.page.getByRole("button", { name: "Restore the family" }).click();
    await operator.page.getByRole("alertdialog").getByRole("button", { name: "Restore the family" }).click();
    await expect(operator.page.getByText(`${familyName} is restored`)).toBeVisible();
    await operator.context.close();

    await page.goto("/family");
    await expect(page.getByRole("heading", { name: familyName, level: 1 })).toBeVisible();
    await expect(memberEntry(page, "Carla Closing")).toContainText("Owner");
  });
});
