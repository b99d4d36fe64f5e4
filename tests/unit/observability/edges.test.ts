import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env-schema";
import { bearerMatches } from "@/lib/observability/bearer";
import { statusOfThrown } from "@/lib/observability/http";
import { requestIdFrom } from "@/lib/observability/request-id";
import { pathTemplate } from "@/lib/observability/upstream";
import { splitCarried, withCarried } from "@/lib/jobs/carried";
import { withLogContext } from "@/lib/observability/context";

const valid = {
  AUTH_SECRET: "x".repeat(40),
  AUTH_URL: "http://localhost:3000",
  AUTH_AUTHENTIK_ISSUER: "https://auth.example.eu/application/o/castello/",
  AUTH_AUTHENTIK_ID: "castello",
  AUTH_AUTHENTIK_SECRET: "secret",
  AUTHENTIK_API_TOKEN: "token",
  SMTP_URL: "smtp://127.0.0.1:2525",
  CASTELLO_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("the observability settings", () => {
  it("default to info logs, no metrics token, no tracing", () => {
    const result = parseEnv(valid);
    expect(result.ok && result.env).toMatchObject({ LOG_LEVEL: "info" });
    expect(result.ok && result.env.METRICS_TOKEN).toBeUndefined();
  });

  it("name each bad value", () => {
    const result = parseEnv({
      ...valid,
      LOG_LEVEL: "loud",
      METRICS_TOKEN: "short",
      METRICS_PORT: "0",
      OTEL_EXPORTER_OTLP_ENDPOINT: "collector",
    });
    const problems = result.ok ? [] : result.problems;
    for (const name of ["LOG_LEVEL", "METRICS_TOKEN", "METRICS_PORT", "OTEL_EXPORTER_OTLP_ENDPOINT"])
      expect(problems.some((problem) => problem.startsWith(`${name} `))).toBe(true);
    expect(parseEnv({ ...valid, LOG_LEVEL: "silent", METRICS_PORT: "9464" })).toMatchObject({ ok: true, env: { METRICS_PORT: 9464 } });
  });
});

describe("request ids", () => {
  it("keeps a well-formed incoming id and replaces anything else", () => {
    expect(requestIdFrom("4bf92f35-77b3-4da6-a3ce-929d0e0e4736")).toBe("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");
    for (const bad of [null, "", "short", "has spaces in it", "line\nbreak-injected", "x".repeat(200)])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("travels with a job beside its payload, and comes off before the payload is parsed", () => {
    const carried = withLogContext({ requestId: "req-abcdefgh" }, () => withCarried({ inviteId: 7 }));
    expect(carried).toEqual({ inviteId: 7, _carried: { requestId: "req-abcdefgh" } });
    expect(splitCarried(carried)).toEqual({ payload: { inviteId: 7 }, carried: { requestId: "req-abcdefgh" } });
    expect(withCarried({ inviteId: 7 })).toEqual({ inviteId: 7 });
    expect(splitCarried({ inviteId: 7, _carried: { requestId: "bad id", traceparent: 5 } })).toEqual({
      payload: { inviteId: 7 },
      carried: {},
    });
  });
});

describe("the metrics token", () => {
  it("must be presented exactly, as a bearer token", () => {
    const token = "t".repeat(40);
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const wrong of [null, "", token, `Bearer ${token}x`, `Bearer ${token.slice(1)}`, "Basic abc"])
      expect(bearerMatches(wrong, token)).toBe(false);
  });
});

describe("labels", () => {
  it("turns ids in upstream paths into {id}", () => {
    expect(pathTemplate("/api/v3/core/users/42/")).toBe("/api/v3/core/users/{id}/");
    expect(pathTemplate("/api/admin/users/6f1c2b9e-0d3a-4c4e-9d1f-2a3b4c5d6e7f")).toBe("/api/admin/users/{id}");
    expect(pathTemplate("/api/v3/flows/instances/castello-enrollment/")).toBe("/api/v3/flows/instances/castello-enrollment/");
  });

  it("reads what Next.js answers for a thrown redirect or notFound", () => {
    expect(statusOfThrown(Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;303;" }))).toBe(303);
    expect(statusOfThrown(Object.assign(new Error(), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" }))).toBe(404);
    expect(statusOfThrown(new Error("boom"))).toBe(500);
  });
});
