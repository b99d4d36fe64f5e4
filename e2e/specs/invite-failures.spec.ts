import { randomUUID } from "node:crypto";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser } from "../support/invitee";
import { clearFaults, failMail, immichUserByEmail, injectFault, mailedLinks, restoreMail } from "../support/sandbox-control";

const address = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

test.describe("when a system is down, nothing is lost", () => {
  test.afterEach(async () => {
    await restoreMail();
    await clearFaults("immich");
    await clearFaults("authentik");
  });

  test("with the mail server down the invite waits as pending, and the mail goes out once it is back", async ({
    page,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(90_000);
    const owner = await createPerson();
    await seedFamily(owner);
    const email = address("mailless");
    await failMail();
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    await expect(page.getByText(`Invitation to ${email} is on its way.`)).toBeVisible();
    const invite = page.getByRole("list", { name: "Pending invitations" }).getByRole("listitem").filter({ hasText: email });
    await expect(async () => {
      await page.reload();
      await expect(invite).toContainText("e-mail waiting for the mail server", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    expect(await mailedLinks(email)).toEqual([]);

    await restoreMail();
    await expect(async () => {
      expect(await mailedLinks(email)).toHaveLength(1);
    }).toPass({ timeout: 45_000 });
    await page.reload();
    await expect(invite).toContainText("e-mail sent");
  });

  test("with Immich down the invitee sees provisioning wait and retry, then finish once Immich is back", async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(120_000);
    const owner = await createPerson();
    await seedFamily(owner);
    const email = address("patient");
    await signIn(page, owner);
    await page.getByLabel("E-mail addresses").fill(email);
    await page.getByRole("button", { name: "Send invitations" }).click();
    let link = "";
    await expect(async () => {
      link = (await mailedLinks(email))[0] ?? "";
      expect(link).not.toBe("");
    }).toPass({ timeout: 40_000 });

    await injectFault("immich", {
      method: "POST",
      path: "/api/admin/users",
      fault: { kind: "status", status: 503, body: { message: "Service Unavailable" } },
    });
    const invitee = await inviteeBrowser(browser);
    await invitee.page.goto(link);
    await enrollWithTotp(invitee.page, {
      name: "Patient Person",
      username: `patient-${randomUUID().slice(0, 6)}`,
      password: `Waiting-Long-${randomUUID()}`,
    });
    const photosStep = invitee.page.getByRole("list", { name: "Progress" }).getByRole("listitem").filter({ hasText: "Your photo library" });
    await expect(photosStep).toContainText("waiting for the service, retrying", { timeout: 30_000 });
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toHaveCount(0);
    expect(await immichUserByEmail(email)).toBeUndefined();

    await clearFaults("immich");
    await expect(invitee.page.getByRole("link", { name: "Open my photos" })).toBeVisible({ timeout: 45_000 });
    const user = await immichUserByEmail(email);
    expect(user?.status).toBe("active");
    await invitee.context.close();
  });
});
