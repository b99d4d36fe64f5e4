import { describe, expect, it } from "vitest";
import { parseEnv } from "./env-schema";

const valid = {
  AUTH_SECRET: "x".repeat(40),
  AUTH_URL: "http://localhost:3000",
  AUTH_AUTHENTIK_ISSUER: "https://auth.example.eu/application/o/castello/",
  AUTH_AUTHENTIK_ID: "castello",
  AUTH_AUTHENTIK_SECRET: "secret",
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

  it("treats empty strings as unset and rejects a non-postgres DATABASE_URL", () => {
    expect(parseEnv({ ...valid, DATABASE_URL: "" }).ok).toBe(true);
    const result = parseEnv({ ...valid, DATABASE_URL: "mysql://localhost/db" });
    expect(result.ok ? [] : result.problems).toEqual([expect.stringMatching(/^DATABASE_URL must be a postgres/)]);
  });
});
