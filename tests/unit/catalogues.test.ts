import path from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGUES } from "@/lib/i18n/catalogues";
import { flatten, hasQuotingApostrophe, isUsed, readSources, signature } from "@/tests/support/catalogue-check";
import { LOCALES } from "@/lib/i18n/locales";

const english = flatten(CATALOGUES.en);
const root = path.resolve(import.meta.dirname, "../..");

describe("message catalogues", () => {
  it.each(LOCALES)("%s has exactly the English keys", (locale) => {
    const keys = [...flatten(CATALOGUES[locale]).keys()];
    expect(
      keys.filter((key) => !english.has(key)),
      "keys English does not have",
    ).toEqual([]);
    expect(
      [...english.keys()].filter((key) => !keys.includes(key)),
      "keys missing",
    ).toEqual([]);
  });

  it.each(LOCALES)("%s has the same ICU arguments as English in every message, each message valid", (locale) => {
    const catalogue = flatten(CATALOGUES[locale]);
    const differences: string[] = [];
    for (const [key, source] of english) {
      const text = catalogue.get(key);
      if (text === undefined) continue;
      let mine: string[];
      try {
        mine = signature(text);
      } catch (error) {
        differences.push(`${key}: does not parse (${String(error)})`);
        continue;
      }
      const expected = signature(source);
      if (mine.join() !== expected.join()) differences.push(`${key}: ${mine.join(" ")} instead of ${expected.join(" ")}`);
      if (hasQuotingApostrophe(text)) differences.push(`${key}: an ASCII apostrophe before ICU syntax (use ’)`);
      if (text.trim() === "") differences.push(`${key}: empty`);
    }
    expect(differences).toEqual([]);
  });

  it("has no key that no code uses", () => {
    const sources = readSources(root);
    expect([...english.keys()].filter((key) => !isUsed(key, sources))).toEqual([]);
  });

  it("names only keys that exist, wherever code spells one out", () => {
    const sources = readSources(root);
    // "family.create" and "support.view" are also audit actions and permissions: only these namespaces are unambiguous.
    const namespaces = ["common", "errors", "integrations", "jobs", "mail", "onboarding", "pages", "validation"];
    const branches = new Set([...english.keys()].flatMap((key) => key.split(".").map((_, i, parts) => parts.slice(0, i + 1).join("."))));
    const pattern = new RegExp(`^(${namespaces.join("|")})\\.[A-Za-z0-9_.]+$`);
    const exists = (literal: string, bound: Set<string>) =>
      branches.has(literal) || [...bound].some((ns) => branches.has(`${ns}.${literal}`));
    const unknown = sources.flatMap((source) =>
      [...source.literals]
        .filter((literal) => pattern.test(literal) && !exists(literal, source.namespaces))
        .map((literal) => `${source.file}: ${literal}`),
    );
    expect(unknown).toEqual([]);
  });
});
