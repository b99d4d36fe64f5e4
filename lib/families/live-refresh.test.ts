import { describe, expect, it, vi } from "vitest";

const enqueued = vi.hoisted(() => [] as unknown[]);
vi.mock("@/lib/jobs/outbox", () => ({ enqueueJob: async (_db: unknown, request: unknown) => void enqueued.push(request) }));
const { LIVE_STATUS_MAX_AGE_MS, requestLiveStatusRefresh } = await import("./live-refresh");

const family = { id: 7, tenantId: 3 };
const now = new Date("2026-12-02T10:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const occurrences = () => enqueued.map((request) => (request as { occurrence: unknown[] }).occurrence);

describe("requestLiveStatusRefresh", () => {
  it("asks for nothing while every member was checked within the window", async () => {
    enqueued.length = 0;
    expect(await requestLiveStatusRefresh({} as never, family, [{ id: 1, liveCheckedAt: ago(60_000) }], now)).toBe(false);
    expect(enqueued).toEqual([]);
  });

  it("asks once per window when the figures are old, and at once for someone unchecked", async () => {
    enqueued.length = 0;
    expect(await requestLiveStatusRefresh({} as never, family, [{ id: 1, liveCheckedAt: ago(LIVE_STATUS_MAX_AGE_MS + 1) }], now)).toBe(
      true,
    );
    expect(
      await requestLiveStatusRefresh(
        {} as never,
        family,
        [
          { id: 1, liveCheckedAt: ago(1000) },
          { id: 2, liveCheckedAt: null },
        ],
        now,
      ),
    ).toBe(true);
    expect(occurrences()).toEqual([
      ["window", Math.floor(now.getTime() / LIVE_STATUS_MAX_AGE_MS)],
      ["unchecked", 2, Math.floor(now.getTime() / 30_000)],
    ]);
    expect(enqueued[0]).toMatchObject({ payload: { familyId: 7 }, subject: { type: "family", id: 7 }, tenantId: 3 });
  });
});
