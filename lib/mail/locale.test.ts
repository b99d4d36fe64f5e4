import { describe, expect, it } from "vitest";
import { pickLocale } from "./locale";

describe("pickLocale", () => {
  it("lets an explicit, supported pick win over the header", () => {
    expect(pickLocale("it", "en-US,en;q=0.9")).toBe("it");
    expect(pickLocale("IT-ch", "en")).toBe("it");
    expect(pickLocale("en", "it-IT,it;q=0.9")).toBe("en");
  });

  it("ignores an unsupported pick and reads the header", () => {
    expect(pickLocale("de", "it-IT,it;q=0.9,en;q=0.8")).toBe("it");
    expect(pickLocale("", "it")).toBe("it");
  });

  it("follows q-values, not the order of the header", () => {
    expect(pickLocale(undefined, "it-IT,it;q=0.9,en;q=0.8")).toBe("it");
    expect(pickLocale(undefined, "en;q=0.4, it;q=0.7")).toBe("it");
    expect(pickLocale(undefined, "it;q=0.5,en")).toBe("en");
    expect(pickLocale(undefined, "it;q=0, en;q=0.1")).toBe("en");
  });

  it("falls back from a region to its language and skips languages we do not write", () => {
    expect(pickLocale(undefined, "it-CH")).toBe("it");
    expect(pickLocale(undefined, "de-DE,de;q=0.9,it;q=0.5,en;q=0.3")).toBe("it");
  });

  it("answers English when nothing matches", () => {
    expect(pickLocale(undefined, undefined)).toBe("en");
    expect(pickLocale(undefined, null)).toBe("en");
    expect(pickLocale(undefined, "")).toBe("en");
    expect(pickLocale(undefined, "fr-FR,de;q=0.8,*;q=0.5")).toBe("en");
    expect(pickLocale("xx", "garbage;;q=abc")).toBe("en");
  });
});
