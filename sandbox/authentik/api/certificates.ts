import {
  createHash,
  createPrivateKey,
  generateKeyPair,
  generateKeyPairSync,
  randomUUID,
  X509Certificate,
  type KeyObject,
  type KeyPairKeyObjectResult,
} from "node:crypto";
import { promisify } from "node:util";
import type { CertificateKeyPairRecord } from "./records";
import { AUTHENTIK_VERSION } from "./version";
import { selfSignedCertificate } from "./x509";

/** authentik.crypto.builder.PrivateKeyAlg */
export const CERTIFICATE_ALGS = ["rsa", "ecdsa", "ed25519", "ed448"] as const;
export type CertificateAlg = (typeof CERTIFICATE_ALGS)[number];

/** Created by `AuthentikCryptoConfig.self_signed` on every install. */
export const SELF_SIGNED_NAME = "authentik Self-signed Certificate";

export interface KeyPairOptions {
  name: string;
  validityDays?: number;
  subjectAltNames?: string[];
  alg?: CertificateAlg;
}

type Generated = KeyPairKeyObjectResult;

// RSA keys are 2048 bits where Authentik makes 4096: a 4096-bit key takes seconds to generate,
// and nothing the fake does depends on the size.
function keyArguments(alg: CertificateAlg): ["rsa", { modulusLength: number }] | ["ec", { namedCurve: string }] | ["ed25519" | "ed448"] {
  if (alg === "rsa") return ["rsa", { modulusLength: 2048 }];
  if (alg === "ecdsa") return ["ec", { namedCurve: "prime256v1" }];
  return [alg];
}

/** `PrivateFormat.TraditionalOpenSSL` for RSA and EC; EdDSA keys only have PKCS#8. */
function privatePem(key: KeyObject): string {
  const type = key.asymmetricKeyType === "rsa" ? "pkcs1" : key.asymmetricKeyType === "ec" ? "sec1" : "pkcs8";
  return key.export({ type, format: "pem" }) as string;
}

function record(options: KeyPairOptions, keys: Generated): CertificateKeyPairRecord {
  const certificateData = selfSignedCertificate({
    commonName: options.name,
    issuerCommonName: `authentik ${AUTHENTIK_VERSION}`,
    validityDays: options.validityDays ?? 365,
    subjectAltNames: (options.subjectAltNames ?? []).filter((name) => name.trim() !== ""),
    ...keys,
  });
  return { pk: randomUUID(), name: options.name, certificateData, keyData: privatePem(keys.privateKey), managed: null };
}

/** CertificateBuilder.build + save, blocking (for seeding). */
export function generateKeyPairRecordSync(options: KeyPairOptions): CertificateKeyPairRecord {
  const [type, parameters] = keyArguments(options.alg ?? "rsa");
  return record(options, (generateKeyPairSync as (type: string, options?: object) => Generated)(type, parameters));
}

const generateAsync = promisify(generateKeyPair) as (type: string, options?: object) => Promise<Generated>;

/** CertificateBuilder.build + save, off the event loop (for the API). */
export async function generateKeyPairRecord(options: KeyPairOptions): Promise<CertificateKeyPairRecord> {
  const [type, parameters] = keyArguments(options.alg ?? "rsa");
  return record(options, await generateAsync(type, parameters));
}

const parsed = new WeakMap<CertificateKeyPairRecord, { data: string; certificate: X509Certificate }>();

export function certificateOf(pair: CertificateKeyPairRecord): X509Certificate {
  const cached = parsed.get(pair);
  if (cached?.data === pair.certificateData) return cached.certificate;
  const certificate = new X509Certificate(pair.certificateData);
  parsed.set(pair, { data: pair.certificateData, certificate });
  return certificate;
}

export function privateKeyOf(pair: CertificateKeyPairRecord): KeyObject | null {
  return pair.keyData === "" ? null : createPrivateKey(pair.keyData);
}

/** CertificateKeyPair.kid: the MD5 of the PEM key data, "" without a key. */
export function keyId(pair: CertificateKeyPairRecord): string {
  return pair.keyData === "" ? "" : createHash("md5").update(pair.keyData, "utf8").digest("hex");
}

/** JWTAlgorithms.from_private_key: RSA signs RS256, EC by its curve; anything else is refused. */
export function jwtAlgorithm(key: KeyObject): "RS256" | "ES256" | "ES384" | "ES512" {
  if (key.asymmetricKeyType === "rsa") return "RS256";
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === "prime256v1") return "ES256";
  if (curve === "secp384r1") return "ES384";
  if (curve === "secp521r1") return "ES512";
  throw new Error(`Invalid private key type: ${key.asymmetricKeyType}`);
}

/** `Name.rfc4514_string()`: the attributes last to first (Node has already escaped the values). */
export function rfc4514(subject: string): string {
  return subject.split("\n").filter(Boolean).reverse().join(",");
}

/** Hex with colons, lower case: `hexlify(cert.fingerprint(...), ":")`. */
export function fingerprint(certificate: X509Certificate, algorithm: "sha1" | "sha256"): string {
  return (algorithm === "sha1" ? certificate.fingerprint : certificate.fingerprint256).toLowerCase();
}
