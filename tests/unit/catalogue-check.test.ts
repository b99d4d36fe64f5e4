import { describe, expect, it } from "vitest";
import { flatten, hasQuotingApostrophe, isUsed, scanSource, signature } from "@/tests/support/catalogue-check";

describe("catalogue checks", () => {
  it("flattens nested messages to dotted keys", () => {
    expect([...flatten({ a: { b: "x", c: { d: "y" } }, e: "z" }).keys()]).toEqual(["a.b", "a.c.d", "e"]);
  });

  it("reads a message's arguments, their kinds and its tags, also inside branches", () => {
    expect(signature("{count, plural, one {# seat for {name}} other {# seats}} <b>{when, date, long}</b>")).toEqual([
      "b:tag",
      "count:plural",
      "name:text",
      "when:date",
    ]);
    expect(signature("Hello")).toEqual([]);
    expect(() => signature("{broken")).toThrow();
  });

  it("refuses plurals and selects without other, and finds quoting apostrophes", () => {
    expect(() => signature("{n, plural, one {#}}")).toThrow(/OTHER/);
    expect(() => signature("{n, select, a {x}}")).toThrow(/OTHER/);
    expect(hasQuotingApostrophe("l'{family}")).toBe(true);
    expect(hasQuotingApostrophe("l’{family} and family's")).toBe(false);
  });

  it("counts a key used whole, relative to a bound namespace, or by a template prefix", () => {
    const file = scanSource(
      "x.tsx",
      'const t = useTranslations("family"); t("members.title"); tc(`roles.${role}`); message("errors.noSuchFamily");',
    );
    expect(isUsed("family.members.title", [file])).toBe(true);
    expect(isUsed("errors.noSuchFamily", [file])).toBe(true);
    expect(isUsed("family.roles.owner", [file])).toBe(true);
    expect(isUsed("common.roles.owner", [file])).toBe(false);
    expect(isUsed("family.members.label", [file])).toBe(false);
  });
});
