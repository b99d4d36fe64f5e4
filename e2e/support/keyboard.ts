import { expect, type Locator, type Page } from "@playwright/test";

/** Presses Tab until the target has the focus, as a keyboard user would; fails if it never comes. */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The focused element shows where it is: an outline or a ring, not nothing. */
export async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const style = await target.evaluate((element) => {
    const computed = getComputedStyle(element);
    return { outline: computed.outlineStyle, width: computed.outlineWidth, shadow: computed.boxShadow };
  });
  const outlined = style.outline !== "none" && style.width !== "0px";
  expect(outlined || (style.shadow !== "none" && style.shadow !== ""), `focus is visible on ${target}`).toBe(true);
}

/** Tabs to a field and types into it. */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.type(text);
}
