import { describe, expect, it } from "vitest";
import { withLogContext } from "@/lib/observability/context";
import { logger } from "@/lib/observability/logger";
import { addSecretValues, scrubText } from "@/lib/observability/redact";
import { capturedLines } from "./capture";

const log = logger("test");

describe("what a log line never carries", () => {
  it("censors secret fields at any depth, and secrets inside strings", async () => {
    const lines = await capturedLines(() =>
      log.info("calling https://auth.example.eu/invite/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefg with Bearer eyJhbGciOi.payload.sig", {
        headers: { authorization: "Bearer abc.def.ghi", cookie: "authjs.session-token=s3ss10n", "x-api-key": "immich-key-123" },
        input: { password: "hunter2hunter2", clientSecret: "oidc-client-secret" },
        deep: { a: { b: { c: { apiKey: "deep-key", note: "smtp://mailer:mail-pass@smtp.example.eu:587" } } } },
        url: "https://auth.example.eu/if/flow/castello-enrollment/?itoken=11111111-2222-3333-4444-555555555555&next=/",
        recovery: "https://auth.example.eu/recovery/use-token/T0k3nT0k3nT0k3n/",
      }),
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      "abc.def.ghi",
      "s3ss10n",
      "immich-key-123",
      "hunter2hunter2",
      "oidc-client-secret",
      "deep-key",
      "mail-pass",
      "eyJhbGciOi",
      "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      "11111111-2222-3333-4444-555555555555",
      "T0k3nT0k3nT0k3n",
    ])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ level: "info", component: "test", input: { password: "[redacted]" } });
    expect(text).toContain("smtp.example.eu");
  });

  it("cuts out the values of secret settings wherever they appear", () => {
    addSecretValues(["a-very-secret-api-token", "short"]);
    expect(scrubText("Authentik refused a-very-secret-api-token!")).toBe("Authentik refused [redacted]!");
    expect(scrubText("short words stay")).toBe("short words stay");
  });

  it("describes a database error without its query, parameters or message", async () => {
    const error = Object.assign(new Error('Failed query: insert into "invites" params: anna@example.eu'), {
      name: "DrizzleQueryError",
      cause: Object.assign(new Error("duplicate key value (email)=(anna@example.eu)"), { name: "PostgresError", code: "23505" }),
    });
    const [line] = await capturedLines(() => log.error("failed", { error }));
    expect(JSON.stringify(line)).not.toContain("anna@example.eu");
    expect(line).toMatchObject({ error: { kind: expect.stringContaining("DrizzleQueryError ← PostgresError code=23505") } });
  });

  it("carries the request id of the context, and is silent below its level", async () => {
    const lines = await capturedLines(() => withLogContext({ requestId: "req-12345678" }, () => log.debug("inside")));
    expect(lines).toEqual([expect.objectContaining({ msg: "inside", requestId: "req-12345678" })]);
    expect(await capturedLines(() => log.info("below warn"), "warn")).toEqual([]);
  });
});
