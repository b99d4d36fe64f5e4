import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site with its query", () => {
    expect(safeReturnPath("/family/3")).toBe("/family/3");
    expect(safeReturnPath("/invite/abc?x=1")).toBe("/invite/abc?x=1");
  });

  it("sends anything else home", () => {
    for (const hostile of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/a\nb", "", null, 3]) {
      expect(safeReturnPath(hostile)).toBe("/");
    }
    expect(safeReturnPath(`/${"a".repeat(3000)}`)).toBe("/");
  });
});
