import { describe, expect, it } from "vitest";
import { cleanName, MAX_NAME_LENGTH } from "./names";

describe("names from the identity provider", () => {
  it("lose control characters and extra whitespace, and are bounded", () => {
    expect(cleanName("Anna\u0000 Rossi")).toBe("Anna Rossi");
    expect(cleanName("  Luca\u202E  Verdi\n")).toBe("Luca Verdi");
    expect(cleanName("x".repeat(3000))).toHaveLength(MAX_NAME_LENGTH);
    expect(cleanName("Zoë 🌻 Müller")).toBe("Zoë 🌻 Müller");
    expect(cleanName(undefined)).toBe("");
  });
});
