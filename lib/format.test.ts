import { describe, expect, it } from "vitest";
import { formatBytes as format } from "./format";

/** Intl separates with (narrow) no-break spaces. */
const formatBytes = (bytes: number, locale: string) => format(bytes, locale).replace(/[\u00a0\u202f]/g, " ");

describe("formatBytes", () => {
  it("formats decimal units in the reader's locale", () => {
    expect(formatBytes(0, "en-GB")).toBe("0 kB");
    expect(formatBytes(1500, "en-GB")).toBe("1.5 kB");
    expect(formatBytes(200_000_000_000, "en-GB")).toBe("200 GB");
    expect(formatBytes(1_234_567_890_123, "en-GB")).toBe("1.2 TB");
    expect(formatBytes(1_500_000_000, "de")).toBe("1,5 GB");
    expect(formatBytes(1_500_000_000, "it")).toBe("1,5 GB");
    expect(formatBytes(1_500_000_000, "fr")).toBe("1,5 Go");
    expect(formatBytes(1_500_000_000, "nl")).toBe("1,5 GB");
  });
});
