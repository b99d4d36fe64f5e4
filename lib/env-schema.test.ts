import { describe, expect, it } from "vitest";
import { authentikBaseUrl, parseEnv, workerRunsInServer } from "./env-schema";

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

describe("parseEnv", () => {
  it("accepts a complete configuration and fills the defaults", () => {
    const result = parseEnv(valid);
    expect(result).toMatchObject({
      ok: true,
      env: { CASTELLO_OPERATOR_GROUP: "castello-operators", CASTELLO_SUPPORT_GROUP: "castello-support", PORT: 3000 },
    });
  });

  it("names every bad setting at once", () => {
    const result = parseEnv({ ...valid, AUTH_SECRET: "short", AUTH_AUTHENTIK_ID: undefined, PORT: "99999" });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith("AUTH_SECRET "))).toBe(true);
    expect(problems.some((p) => p.startsWith("AUTH_AUTHENTIK_ID "))).toBe(true);
    expect(problems.some((p) => p.startsWith("PORT "))).toBe(true);
  });

  it("requires the issuer's trailing slash, as Authentik publishes it", () => {
    const result = parseEnv({ ...valid, AUTH_AUTHENTIK_ISSUER: "https://auth.example.eu/application/o/castello" });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^AUTH_AUTHENTIK_ISSUER must end with a slash/)]);
  });

  it("refuses 127.0.0.1 in AUTH_URL, which would break the OIDC redirect_uri", () => {
    const result = parseEnv({ ...valid, AUTH_URL: "http://127.0.0.1:3000" });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^AUTH_URL must use `localhost`/)]);
  });

  it("checks the encryption keys and derives the Authentik URL from the issuer", () => {
    const short = parseEnv({ ...valid, CASTELLO_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") });
    expect(short.ok ? [] : short.problems).toEqual([expect.stringMatching(/^CASTELLO_ENCRYPTION_KEY must be 32 bytes/)]);
    const previous = parseEnv({ ...valid, CASTELLO_ENCRYPTION_KEY_PREVIOUS: `${valid.CASTELLO_ENCRYPTION_KEY},nope` });
    expect(previous.ok).toBe(false);
    const result = parseEnv(valid);
    expect(result.ok && authentikBaseUrl(result.env)).toBe("https://auth.example.eu");
    expect(authentikBaseUrl({ AUTH_AUTHENTIK_ISSUER: valid.AUTH_AUTHENTIK_ISSUER, AUTHENTIK_URL: "https://idp.example.eu/" })).toBe(
      "https://idp.example.eu",
    );
  });

  it("runs the worker in the server in development only, unless set", () => {
    expect(workerRunsInServer({ NODE_ENV: "development" })).toBe(true);
    expect(workerRunsInServer({ NODE_ENV: "production" })).toBe(false);
    expect(workerRunsInServer({ NODE_ENV: "production", CASTELLO_WORKER_IN_SERVER: "true" })).toBe(true);
  });

  it("treats empty strings as unset and rejects a non-postgres DATABASE_URL", () => {
    expect(parseEnv({ ...valid, DATABASE_URL: "" }).ok).toBe(true);
    const result = parseEnv({ ...valid, DATABASE_URL: "mysql://localhost/db" });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^DATABASE_URL must be a postgres/)]);
  });
});
