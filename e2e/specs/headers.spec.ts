import { expect, test } from "@playwright/test";
import { E2E_AUTHENTIK_URL } from "../support/ports";

test("pages carry a nonce CSP and the security headers", async ({ request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Forms may post to the portal and to Authentik (sign-in, sign-out), nowhere else.
  expect(headers["content-security-policy"]).toMatch(new RegExp(`form-action 'self' ${E2E_AUTHENTIK_URL}(;|$)`));
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", checks: { database: { ok: true } } });
});
