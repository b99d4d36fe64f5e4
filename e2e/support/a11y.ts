import AxeBuilder from "@axe-core/playwright";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { E2E_APP_URL } from "./ports";

export const LOCALES = ["en", "it", "de", "fr", "nl"] as const;
export type Locale = (typeof LOCALES)[number];

/** WCAG 2.1 levels A and AA, as the European Accessibility Act asks (via EN 301 549). */
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Picks the language as the switch does: the cookie the portal reads first. */
export async function useLocale(context: BrowserContext, locale: Locale): Promise<void> {
  await context.addCookies([{ name: "castello-locale", value: locale, url: E2E_APP_URL }]);
}

function describe(violations: Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"]): string[] {
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes
        .slice(0, 5)
        .map((node) => `${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ")}`)
        .join("\n    ")}`,
  );
}

/** Widths that must not scroll sideways: a phone, and a 1280 px screen at 200% zoom. */
const NARROW_WIDTHS = [390, 640];

/**
 * The checks every page of a journey gets, once per language: axe with the WCAG 2.1 A and AA
 * rules (0 violations), the page in that language (`<html lang>`), no horizontal scroll.
 */
export async function checkPage(page: Page, label: string, locale: Locale): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", locale === "en" ? "en-GB" : locale);
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(describe(results.violations), `axe on ${label} in ${locale}`).toEqual([]);
  const size = page.viewportSize();
  for (const width of NARROW_WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${label} in ${locale} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
  }
  if (size) await page.setViewportSize(size);
}
