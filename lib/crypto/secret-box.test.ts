import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, needsRotation, parseKey, type Keyring } from "./secret-box";

const key = () => randomBytes(32);

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const keyring: Keyring = { current: key(), previous: [] };
    const envelope = encryptSecret(keyring, "immich-secret-key", "tenant:demo");
    expect(envelope).not.toContain("immich-secret-key");
    expect(envelope).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(decryptSecret(keyring, envelope, "tenant:demo")).toBe("immich-secret-key");
    expect(encryptSecret(keyring, "same", "c")).not.toBe(encryptSecret(keyring, "same", "c"));
  });

  it("refuses another context, a tampered envelope and an unknown key", () => {
    const keyring: Keyring = { current: key(), previous: [] };
    const envelope = encryptSecret(keyring, "secret", "tenant:a");
    expect(() => decryptSecret(keyring, envelope, "tenant:b")).toThrow(/authentication failed/);
    const parts = envelope.split(".");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(keyring, parts.join("."), "tenant:a")).toThrow();
    expect(() => decryptSecret({ current: key(), previous: [] }, envelope, "tenant:a")).toThrow(/no configured key/);
  });

  it("decrypts with a previous key during rotation and flags the envelope for re-encryption", () => {
    const old = key();
    const sealed = encryptSecret({ current: old, previous: [] }, "secret", "ctx");
    const rotated: Keyring = { current: key(), previous: [old] };
    expect(needsRotation(rotated, sealed)).toBe(true);
    expect(decryptSecret(rotated, sealed, "ctx")).toBe("secret");
    expect(needsRotation(rotated, encryptSecret(rotated, "secret", "ctx"))).toBe(false);
  });

  it("accepts only 32-byte keys", () => {
    expect(parseKey(randomBytes(32).toString("base64"))).toHaveLength(32);
    expect(() => parseKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
