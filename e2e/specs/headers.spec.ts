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

test("a server action body over the limit is refused with 413 before it is read, and fast", async ({ request }) => {
  const body = `1_emails=${"a@b.eu,".repeat(150_000)}`; // about 1 MB
  const started = Date.now();
  const response = await request.post("/family/1", {
    headers: { "next-action": "0".repeat(42), "content-type": "application/x-www-form-urlencoded" },
    data: body,
  });
  const elapsed = Date.now() - started;
  console.log(
    `[measure] refusing a ${Math.round(body.length / 1024)} KB action body over HTTP: ${elapsed} ms, status ${response.status()}`,
  );
  expect(response.status()).toBe(413);
  expect(elapsed).toBeLessThan(2000);
});

test("a server action posted from another origin is refused with 403", async ({ request }) => {
  const response = await request.post("/family/1", {
    headers: { "next-action": "0".repeat(42), origin: "https://evil.example", "content-type": "text/plain" },
    data: "[]",
  });
  expect(response.status()).toBe(403);
});
