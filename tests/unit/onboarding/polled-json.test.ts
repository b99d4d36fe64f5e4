import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchJsonWithRetries, HttpError } from "@/components/onboarding/polled-json";

function answers(...statuses: number[]) {
  const fetch = vi.fn(async () => {
    const status = statuses.shift() ?? 200;
    return new Response(JSON.stringify({ status }), { status });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const waited: number[] = [];
const wait = async (ms: number) => {
  waited.push(ms);
};

afterEach(() => {
  vi.unstubAllGlobals();
  waited.length = 0;
});

describe("fetchJsonWithRetries", () => {
  it("answers the JSON of a success, asked without the cache and with the method given", async () => {
    const fetch = answers(200);
    await expect(fetchJsonWithRetries("/api/x", "POST", wait)).resolves.toEqual({ status: 200 });
    expect(fetch).toHaveBeenCalledWith("/api/x", { cache: "no-store", method: "POST" });
    expect(waited).toEqual([]);
  });

  it("retries a failure three times, after 1, 2 and 4 seconds", async () => {
    const fetch = answers(500, 409, 502, 200);
    await expect(fetchJsonWithRetries("/api/x", "GET", wait)).resolves.toEqual({ status: 200 });
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(waited).toEqual([1000, 2000, 4000]);
  });

  it("gives up after the third retry with the last error", async () => {
    const fetch = answers(500, 500, 500, 503, 200);
    await expect(fetchJsonWithRetries("/api/x", "GET", wait)).rejects.toEqual(new HttpError(503));
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it.each([401, 403, 404])("does not retry %i: asking again would not change the answer", async (status) => {
    const fetch = answers(status, 200);
    await expect(fetchJsonWithRetries("/api/x", "GET", wait)).rejects.toMatchObject({ status });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("retries a network failure", async () => {
    const fetch = vi
      .fn()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValue(Response.json({ ready: true }));
    vi.stubGlobal("fetch", fetch);
    await expect(fetchJsonWithRetries("/api/x", "GET", wait)).resolves.toEqual({ ready: true });
    expect(waited).toEqual([1000]);
  });
});
