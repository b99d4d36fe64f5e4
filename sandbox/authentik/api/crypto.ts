import { ApiError, notFound, notFoundFor, validationError } from "./errors";
import { eventUser } from "./event-log";
import { BodyReader } from "./fields";
import { booleanParam, textParam } from "./filters";
import { canonicalUuid, formatDate, isUuid } from "./format";
import { CERTIFICATE_ALGS, certificateOf, fingerprint, generateKeyPairRecord, rfc4514 } from "./certificates";
import { order, paginate, search } from "./pagination";
import type { CertificateKeyPairRecord } from "./records";
import type { ApiRequest, Route } from "./router";
import type { ApiState } from "./state";

const KEY_TYPES = ["dsa", "ec", "ed25519", "ed448", "rsa"] as const;
/** authentik.crypto.apps.MANAGED_KEY: the internal JWT key pair the API never lists. */
const MANAGED_KEY = "goauthentik.io/crypto/jwt-managed";
const BASE = "/api/v3/crypto/certificatekeypairs";

function keyType(pair: CertificateKeyPairRecord): string | null {
  const type = certificateOf(pair).publicKey.asymmetricKeyType;
  return (KEY_TYPES as readonly string[]).includes(type ?? "") ? type! : null;
}

/** authentik.crypto.api.CertificateKeyPairSerializer (`certificate_data` and `key_data` are write-only). */
export function serializeKeyPair(pair: CertificateKeyPairRecord) {
  const certificate = certificateOf(pair);
  return {
    pk: pair.pk,
    name: pair.name,
    fingerprint_sha256: fingerprint(certificate, "sha256"),
    fingerprint_sha1: fingerprint(certificate, "sha1"),
    cert_expiry: formatDate(certificate.validToDate),
    cert_subject: rfc4514(certificate.subject),
    private_key_available: pair.keyData !== "",
    key_type: keyType(pair),
    certificate_download_url: `${BASE}/${pair.pk}/view_certificate/?download`,
    private_key_download_url: `${BASE}/${pair.pk}/view_private_key/?download`,
    managed: pair.managed,
  };
}

function keyPairRef(pair: CertificateKeyPairRecord) {
  return {
    app: "authentik_crypto",
    model_name: "certificatekeypair",
    pk: pair.pk.replace(/-/g, ""),
    name: `Certificate-Key Pair ${pair.name}`,
  };
}

function findKeyPair(state: ApiState, id: string): CertificateKeyPairRecord {
  if (!isUuid(id)) throw notFound();
  const pair = state.certificateKeyPairs.get(canonicalUuid(id));
  if (!pair || pair.managed === MANAGED_KEY) throw notFoundFor("CertificateKeyPair");
  return pair;
}

/** CertificateKeyPairViewSet.list: filters `name`, `managed`, `has_key` (true only narrows), `key_type`; ordered by name. */
function list(request: ApiRequest, state: ApiState) {
  const { query } = request;
  let pairs = [...state.certificateKeyPairs.values()].filter((pair) => pair.managed !== MANAGED_KEY);
  const name = textParam(query, "name");
  if (name !== undefined) pairs = pairs.filter((pair) => pair.name === name);
  const managed = textParam(query, "managed");
  if (managed !== undefined) pairs = pairs.filter((pair) => pair.managed === managed);
  if (booleanParam(query, "has_key") === true) pairs = pairs.filter((pair) => pair.keyData !== "");
  const keyTypes = query.getAll("key_type").filter(Boolean);
  const badType = keyTypes.find((type) => !(KEY_TYPES as readonly string[]).includes(type));
  if (badType !== undefined)
    throw validationError({ key_type: [`Select a valid choice. ${badType} is not one of the available choices.`] });
  if (keyTypes.length > 0) pairs = pairs.filter((pair) => keyTypes.includes(keyType(pair) ?? ""));
  pairs = search(pairs, query, [(pair) => pair.name]);
  const ordered = order(pairs, query, { pk: (pair) => pair.pk, name: (pair) => pair.name, managed: (pair) => pair.managed }, ["name"]);
  return { status: 200, body: paginate(ordered, query, state, serializeKeyPair) };
}

/**
 * `generate`: CertificateGenerationSerializer (its errors answered as they are, with 400), then
 * CertificateBuilder; the key pair is named after the common name.
 */
async function generate(request: ApiRequest, state: ApiState) {
  const body = BodyReader.from(await request.body());
  const commonName = body.string("common_name", { required: true }) ?? undefined;
  const subjectAltName = body.string("subject_alt_name", { allowBlank: true }) ?? "";
  const validityDays = body.integer("validity_days", { required: true });
  const alg = body.has("alg") ? body.choice("alg", CERTIFICATE_ALGS) : "rsa";
  body.throwIfInvalid();
  // CertificateKeyPair.name is unique and the view does not check first: the save fails.
  if ([...state.certificateKeyPairs.values()].some((pair) => pair.name === commonName))
    throw new ApiError(500, { detail: `duplicate key value violates unique constraint on name "${commonName}"` });
  const pair = await generateKeyPairRecord({
    name: commonName!,
    validityDays: validityDays!,
    subjectAltNames: subjectAltName === "" ? [] : subjectAltName.split(","),
    alg: alg!,
  });
  state.certificateKeyPairs.set(pair.pk, pair);
  state.events.model("model_created", keyPairRef(pair), eventUser(request.user), request.info);
  return { status: 200, body: serializeKeyPair(pair) };
}

export const cryptoRoutes: Route[] = [
  { method: "GET", path: "/crypto/certificatekeypairs/", handler: list },
  { method: "POST", path: "/crypto/certificatekeypairs/generate/", handler: generate },
  {
    method: "GET",
    path: "/crypto/certificatekeypairs/{kp_uuid}/",
    handler: (request, state) => ({ status: 200, body: serializeKeyPair(findKeyPair(state, request.params.kp_uuid!)) }),
  },
];
