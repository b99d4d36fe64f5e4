import { randomUUID, sign, type KeyObject } from "node:crypto";

/**
 * A self-signed X.509 v3 certificate as authentik.crypto.builder.CertificateBuilder makes one
 * (Node can parse certificates but not write them): subject CN/O/OU, issuer CN
 * `authentik <version>`, valid from a day ago, serial from a random UUID, SANs as critical DNS names.
 */

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (tag: number, item: Buffer) => tlv(0xa0 + tag, item);

function integer(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** RFC 5280: UTCTime through 2049, GeneralizedTime after. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const NAME_OIDS = { CN: "2.5.4.3", O: "2.5.4.10", OU: "2.5.4.11" } as const;

function name(attributes: [keyof typeof NAME_OIDS, string][]): Buffer {
  return sequence(...attributes.map(([key, value]) => set(sequence(oid(NAME_OIDS[key]), tlv(0x0c, Buffer.from(value, "utf8"))))));
}

/** The signature algorithm cryptography picks for `hashes.SHA256()` (and none for EdDSA). */
function signatureAlgorithm(key: KeyObject): { identifier: Buffer; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case "rsa":
      return { identifier: sequence(oid("1.2.840.113549.1.1.11"), tlv(0x05)), digest: "sha256" };
    case "ec":
      return { identifier: sequence(oid("1.2.840.10045.4.3.2")), digest: "sha256" };
    case "ed25519":
      return { identifier: sequence(oid("1.3.101.112")), digest: null };
    case "ed448":
      return { identifier: sequence(oid("1.3.101.113")), digest: null };
    default:
      throw new Error(`cannot sign a certificate with a ${key.asymmetricKeyType} key`);
  }
}

export interface SelfSignedOptions {
  commonName: string;
  issuerCommonName: string;
  validityDays: number;
  subjectAltNames: string[];
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** The certificate, PEM-encoded. */
export function selfSignedCertificate(options: SelfSignedOptions): string {
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const { identifier, digest } = signatureAlgorithm(options.privateKey);
  const extensions =
    options.subjectAltNames.length > 0
      ? [
          explicit(
            3,
            sequence(
              sequence(
                oid("2.5.29.17"),
                tlv(0x01, Buffer.from([0xff])),
                tlv(0x04, sequence(...options.subjectAltNames.map((dns) => tlv(0x82, Buffer.from(dns, "ascii"))))),
              ),
            ),
          ),
        ]
      : [];
  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(BigInt(`0x${randomUUID().replace(/-/g, "")}`)),
    identifier,
    name([["CN", options.issuerCommonName]]),
    sequence(time(new Date(now - day)), time(new Date(now + options.validityDays * day))),
    name([
      ["CN", options.commonName.slice(0, 64)],
      ["O", "authentik"],
      ["OU", "Self-signed"],
    ]),
    options.publicKey.export({ type: "spki", format: "der" }),
    ...extensions,
  );
  const signature = sign(digest, tbs, options.privateKey);
  const der = sequence(tbs, identifier, tlv(0x03, Buffer.from([0]), signature));
  const lines = der.toString("base64").match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
