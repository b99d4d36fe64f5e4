import { describe, expect, it } from "vitest";
import { formattingLocale, localeOfTag } from "./locales";

describe("formatting tags", () => {
  it("formats English as British English and maps tags back to catalogues", () => {
    expect(formattingLocale("en")).toBe("en-GB");
    expect(formattingLocale("it")).toBe("it");
    expect(localeOfTag("en-GB")).toBe("en");
    expect(localeOfTag("de")).toBe("de");
    expect(localeOfTag("xx")).toBe("en");
  });
});
