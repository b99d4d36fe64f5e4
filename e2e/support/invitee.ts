import { expect, type Browser, type Page } from "@playwright/test";
import { totpCode } from "../../sandbox/authentik/flows";
import { E2E_MAILBOX_URL } from "./ports";

/** The invitee opens their mail in the sandbox mailbox and follows the invitation link. */
export async function openInviteMail(page: Page, email: string, button = "Accept the invitation"): Promise<void> {
  await expect(async () => {
    await page.goto(E2E_MAILBOX_URL);
    await expect(page.getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 40_000 });
  await page
    .getByRole("row", { name: new RegExp(email.replace(/[.+]/g, "\\$&")) })
    .first()
    .getByRole("link")
    .first()
    .click();
  await page.getByRole("link", { name: button }).click();
}

export interface Enrollment {
  name: string;
  username: string;
  password: string;
}

/** Plays Authentik's enrollment as a person: name and password, then TOTP with a real code. */
export async function enrollWithTotp(page: Page, person: Enrollment, createButton = "Create my account"): Promise<void> {
  await page.getByRole("button", { name: createButton }).click();
  await page.getByLabel("Name", { exact: true }).fill(person.name);
  await page.getByLabel("Username").fill(person.username);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByLabel("Password (repeat)").fill(person.password);
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = (await page.getByLabel("TOTP secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]+$/);
  await page.getByLabel("Code").fill(totpCode(secret));
  await page.getByRole("button", { name: "Continue" }).click();
}

/** A separate browser for the invitee: the owner's browser holds an Authentik session. */
export async function inviteeBrowser(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

/** A member's entry in the family page's list of members. */
export function memberEntry(page: Page, name: string, listName = "Members") {
  return page.getByRole("list", { name: listName }).getByRole("listitem").filter({ hasText: name });
}
