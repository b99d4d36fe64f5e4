import { describe, expect, it } from "vitest";
import { registerTenantInput, tenantGroupName, updateTenantInput } from "./input";

const valid = {
  slug: "Rossi-Photos",
  displayName: " Rossi Photos ",
  immichUrl: "https://photos.example.eu/api/",
  immichApiKey: "key",
  defaultFamilyStorageGb: "200",
  seatLimit: "6",
};

describe("tenant input", () => {
  it("normalizes the slug, name and URL and converts GB to bytes", () => {
    expect(registerTenantInput.parse(valid)).toEqual({
      slug: "rossi-photos",
      displayName: "Rossi Photos",
      immichUrl: "https://photos.example.eu",
      immichApiKey: "key",
      defaultFamilyStorageGb: 200_000_000_000,
      seatLimit: 6,
    });
    expect(tenantGroupName("rossi-photos")).toBe("castello-tenant-rossi-photos");
  });

  it("reports every bad field at once", () => {
    const result = registerTenantInput.safeParse({
      slug: "-bad-",
      displayName: "",
      immichUrl: "ftp://x",
      immichApiKey: "",
      defaultFamilyStorageGb: "-1",
      seatLimit: "1.5",
    });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => issue.path[0]));
    expect(fields).toEqual(new Set(["slug", "displayName", "immichUrl", "immichApiKey", "defaultFamilyStorageGb", "seatLimit"]));
  });

  it("keeps the saved key when the edit leaves it blank", () => {
    const parsed = updateTenantInput.parse({ ...valid, tenantId: "3", immichApiKey: "" });
    expect(parsed.immichApiKey).toBeUndefined();
    expect(parsed.tenantId).toBe(3);
  });
});
