import { describe, expect, it } from "vitest";
import { parseId } from "./ids";

describe("ids from URLs and forms", () => {
  it("are positive int4, and anything else is no id", () => {
    expect(parseId("42")).toBe(42);
    expect(parseId("2147483647")).toBe(2_147_483_647);
    for (const bad of ["2147483648", "99999999999", "0", "-1", "01", "1.5", "1e3", " 7", "abc", "", null, undefined])
      expect(parseId(bad)).toBeUndefined();
  });
});
