import { describe, expect, it } from "vitest";
import { landingPath, staffAreasFromGroups } from "./roles";

const config = { operatorGroup: "castello-operators", supportGroup: "castello-support" };

describe("roles", () => {
  it("derives staff areas from the groups claim only", () => {
    expect(staffAreasFromGroups(["castello-operators", "other"], config)).toEqual(["operator"]);
    expect(staffAreasFromGroups(["castello-support"], config)).toEqual(["support"]);
    expect(staffAreasFromGroups(["Castello-Operators"], config)).toEqual([]);
    expect(staffAreasFromGroups(["ops"], { ...config, operatorGroup: "ops" })).toEqual(["operator"]);
  });

  it("lands operators first, then support, then family, else the no-access page", () => {
    expect(landingPath(["support", "operator"])).toBe("/operator");
    expect(landingPath(["family", "support"])).toBe("/support");
    expect(landingPath(["family"])).toBe("/family");
    expect(landingPath([])).toBe("/no-access");
  });
});
