import { describe, expect, it, vi } from "vitest";
import { IntegrationError } from "./errors";
import { retryRead } from "./retry";

describe("retryRead", () => {
  it("retries transient failures and returns the first success", async () => {
    const read = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new IntegrationError("immich", "unreachable", "connection refused"))
      .mockRejectedValueOnce(new IntegrationError("immich", "server_error", "502", 502))
      .mockResolvedValue("pong");
    await expect(retryRead(read, { baseDelayMs: 1 })).resolves.toBe("pong");
    expect(read).toHaveBeenCalledTimes(3);
  });

  it("does not retry a permanent failure, and gives up after the last attempt", async () => {
    const unauthorized = vi.fn().mockRejectedValue(new IntegrationError("immich", "unauthorized", "bad key", 401));
    await expect(retryRead(unauthorized, { baseDelayMs: 1 })).rejects.toMatchObject({ kind: "unauthorized" });
    expect(unauthorized).toHaveBeenCalledTimes(1);
    const down = vi.fn().mockRejectedValue(new IntegrationError("immich", "timeout", "slow"));
    await expect(retryRead(down, { attempts: 2, baseDelayMs: 1 })).rejects.toMatchObject({ kind: "timeout" });
    expect(down).toHaveBeenCalledTimes(2);
  });
});
