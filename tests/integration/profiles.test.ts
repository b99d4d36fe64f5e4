import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { preferredLocale, rememberLocale } from "@/lib/profiles/service";
import { db, inRollback } from "@/tests/support/db";

/** The browser's cookies, as next/headers gives them to the sign-in callback. */
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string) => void jar.set(name, value),
  }),
}));

vi.mock("@/lib/env", () => ({ getEnv: () => ({ AUTH_URL: "http://localhost:3000" }) }));

const { syncLocaleAtSignIn } = await import("@/lib/profiles/locale-cookie");

describe("a person's language", () => {
  beforeEach(() => jar.clear());

  it("is remembered per person, the latest pick winning", () =>
    inRollback(async (tx) => {
      const sub = `sub-${randomUUID()}`;
      expect(await preferredLocale(tx, sub)).toBeUndefined();
      await rememberLocale(tx, sub, "it");
      await rememberLocale(tx, sub, "de");
      expect(await preferredLocale(tx, sub)).toBe("de");
      expect(await preferredLocale(tx, `sub-${randomUUID()}`)).toBeUndefined();
    }));

  it("follows the person to a new browser at sign-in, and a pick made before signing in becomes theirs", async () => {
    const sub = `sub-${randomUUID()}`;
    await rememberLocale(db, sub, "nl");
    await syncLocaleAtSignIn(db, sub);
    expect(jar.get("castello-locale")).toBe("nl");

    jar.clear();
    jar.set("castello-locale", "fr");
    await syncLocaleAtSignIn(db, sub);
    expect(await preferredLocale(db, sub)).toBe("fr");

    jar.clear();
    jar.set("castello-locale", "xx");
    await syncLocaleAtSignIn(db, sub);
    expect(jar.get("castello-locale")).toBe("fr");
  });
});
