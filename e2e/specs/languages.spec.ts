import { randomUUID } from "node:crypto";
import { translatorFor } from "../../lib/i18n/translate";
import { expect, signIn, test } from "../support/fixtures";
import { enrollWithTotp, inviteeBrowser, memberEntry, openInviteMail } from "../support/invitee";
import { mailedSubjects } from "../support/sandbox-control";

/**
 * The whole journey in one language, switched by the people themselves: the owner in the
 * header, the invitee on the invite page before signing in. Expected words come from the
 * catalogues, so the test checks the wiring, not a copy of the translation.
 */
for (const locale of ["it", "de"] as const) {
  test(`the invite journey in ${locale}: mail, invite page, enrollment, onboarding and family page`, async ({
    page,
    browser,
    createPerson,
    seedFamily,
  }) => {
    test.setTimeout(150_000);
    const t = translatorFor(locale);
    const owner = await createPerson({ name: "Sofia Neri" });
    const { familyName, tenantSlug } = await seedFamily(owner, { familyName: "Neri" });
    const suffix = randomUUID().slice(0, 8);
    const email = `ada-${suffix}@example.test`;

    await signIn(page, owner);
    await page.getByLabel("Language", { exact: true }).selectOption(locale);
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(page.getByRole("heading", { name: t("family.members.title") })).toBeVisible();
    await page.getByLabel(t("family.inviteForm.emails")).fill(email);
    await expect(page.getByLabel(t("family.inviteForm.locale"))).toHaveValue("en");
    await page.getByLabel(t("family.inviteForm.locale")).selectOption(locale);
    await page.getByRole("button", { name: t("family.inviteForm.submit") }).click();
    await expect(page.getByText(t("family.done.invitedOne", { email }))).toBeVisible();
    // The pick is the owner's profile: a new browser signs in in the same language.
    const again = await inviteeBrowser(browser);
    await signIn(again.page, owner);
    await expect(again.page.locator("html")).toHaveAttribute("lang", locale);
    await again.context.close();

    // The mail is in the language the owner picked for it.
    await expect
      .poll(() => mailedSubjects(email), { timeout: 30_000 })
      .toEqual([t("mail.invite.subject", { reminder: "no", inviter: "Sofia Neri", family: familyName, service: `Tenant ${tenantSlug}` })]);
    const invitee = await inviteeBrowser(browser);
    await openInviteMail(invitee.page, email, t("mail.invite.button"));
    // The invitee's browser asks for English; they switch before signing in.
    await expect(invitee.page.getByRole("heading", { name: `You’re invited to join ${familyName}` })).toBeVisible();
    await invitee.page.getByLabel("Language", { exact: true }).selectOption(locale);
    await invitee.page.getByRole("button", { name: "Change language" }).click();
    await expect(invitee.page.getByRole("heading", { name: t("onboarding.title", { family: familyName }) })).toBeVisible();

    await enrollWithTotp(
      invitee.page,
      { name: "Ada Neri", username: `ada-${suffix}`, password: `Correct-Horse-${suffix}` },
      t("onboarding.create"),
    );
    await expect(invitee.page.getByRole("heading", { name: t("onboarding.completeTitle", { family: familyName }) })).toBeVisible();
    await expect(invitee.page.getByRole("link", { name: t("onboarding.openPhotos") })).toBeVisible({ timeout: 30_000 });
    await expect(invitee.page.getByRole("list", { name: t("onboarding.progress") }).getByText(t("onboarding.steps.photos"))).toBeVisible();

    await invitee.page.goto("/family");
    await expect(invitee.page.getByRole("heading", { name: familyName, level: 1 })).toBeVisible();
    await expect(invitee.page.getByRole("heading", { name: t("family.members.title") })).toBeVisible();
    await expect(memberEntry(invitee.page, "Ada Neri", t("family.members.label"))).toContainText(t("common.roles.member"));
    await invitee.context.close();
  });
}
