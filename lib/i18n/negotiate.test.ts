import { describe, expect, it } from "vitest";
import { negotiateLocale, pickLocale } from "./negotiate";

describe("pickLocale", () => {
  it("lets an explicit, supported pick win over the header", () => {
    expect(pickLocale("it", "en-US,en;q=0.9")).toBe("it");
    expect(pickLocale("de", "it-IT,it;q=0.9")).toBe("de");
    expect(pickLocale("en", "it-IT,it;q=0.9")).toBe("en");
  });

  it("ignores a pick we do not write in and reads the header", () => {
    expect(pickLocale("es", "it-IT,it;q=0.9,en;q=0.8")).toBe("it");
    expect(pickLocale("", "nl")).toBe("nl");
    expect(pickLocale(null, "fr")).toBe("fr");
  });
});

describe("negotiateLocale", () => {
  it("follows q-values, not the order of the header", () => {
    expect(negotiateLocale("it-IT,it;q=0.9,en;q=0.8")).toBe("it");
    expect(negotiateLocale("en;q=0.4, de;q=0.7")).toBe("de");
    expect(negotiateLocale("it;q=0.5,en")).toBe("en");
    expect(negotiateLocale("it;q=0, en;q=0.1")).toBe("en");
  });

  it("falls back from a region to its language and skips languages we do not write", () => {
    expect(negotiateLocale("de-AT")).toBe("de");
    expect(negotiateLocale("fr-BE,fr;q=0.9")).toBe("fr");
    expect(negotiateLocale("nl-BE")).toBe("nl");
    expect(negotiateLocale("es-ES,es;q=0.9,it;q=0.5,en;q=0.3")).toBe("it");
  });

  it("answers English when nothing matches or the header is garbage", () => {
    expect(negotiateLocale(undefined)).toBe("en");
    expect(negotiateLocale(null)).toBe("en");
    expect(negotiateLocale("")).toBe("en");
    expect(negotiateLocale("es-ES,pt;q=0.8,*;q=0.5")).toBe("en");
    expect(negotiateLocale("garbage;;q=abc")).toBe("en");
    expect(negotiateLocale("x".repeat(100_000))).toBe("en");
  });
});
