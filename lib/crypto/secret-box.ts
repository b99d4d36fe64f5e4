import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM envelopes for secrets at rest: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url).
 * The key id lets a rotation decrypt with the previous key and re-encrypt with the new one.
 * `context` is bound as additional authenticated data, so an envelope copied to another
 * row (another tenant) does not decrypt.
 */
export interface Keyring {
  current: Buffer;
  previous: Buffer[];
}

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function parseKey(encoded: string): Buffer {
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("an encryption key must be 32 bytes, base64-encoded (`openssl rand -base64 32`)");
  return key;
}

export function encryptSecret(keyring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyring.current, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    keyId(keyring.current),
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`cannot decrypt secret: ${reason}`);
    this.name = "SecretDecryptionError";
  }
}

export function decryptSecret(keyring: Keyring, envelope: string, context: string): string {
  const [version, id, iv, tag, ciphertext] = envelope.split(".");
  if (version !== "v1" || !id || !iv || !tag || ciphertext === undefined) throw new SecretDecryptionError("unknown format");
  const key = [keyring.current, ...keyring.previous].find((candidate) => keyId(candidate) === id);
  if (!key) throw new SecretDecryptionError(`no configured key has id ${id}`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("authentication failed");
  }
}

/** True when the envelope was sealed with an older key and should be re-encrypted. */
export function needsRotation(keyring: Keyring, envelope: string): boolean {
  return envelope.split(".")[1] !== keyId(keyring.current);
}
