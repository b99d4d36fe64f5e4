import { describe, expect, it } from "vitest";
import { formatBytes } from "./format";

describe("formatBytes", () => {
  it("formats decimal units and unlimited quotas", () => {
    expect(formatBytes(null)).toBe("Unlimited");
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1500)).toBe("1.5 KB");
    expect(formatBytes(200_000_000_000)).toBe("200 GB");
    expect(formatBytes(1_234_567_890_123)).toBe("1.2 TB");
  });
});
