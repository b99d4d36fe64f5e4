import { describe, expect, it } from "vitest";
import { dedupeKey } from "./dedupe";

describe("dedupe keys", () => {
  it("are the queue, the subject and the occurrence, the same for the same cause", () => {
    expect(dedupeKey("photos.provision-user", { type: "member", id: 7 }, "invite", 12)).toBe("photos.provision-user:member:7:invite:12");
    expect(dedupeKey("identity.ensure-tenant-group", { type: "tenant", id: 3 })).toBe("identity.ensure-tenant-group:tenant:3");
    const at = new Date("2026-12-01T10:00:00Z");
    expect(dedupeKey("q", { type: "member", id: 1 }, at)).toBe(dedupeKey("q", { type: "member", id: 1 }, new Date(at)));
  });
});
