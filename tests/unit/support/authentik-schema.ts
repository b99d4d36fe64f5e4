import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OpenAPIValidator, ValidationContext } from "openapi-backend";
import { parse } from "yaml";
import { BlueprintTag, isTag, resolveValue, type Blueprint } from "./authentik-blueprint";

/**
 * Authentik's OpenAPI schema (shipped by `@goauthentik/api`) as a JSON-schema validator for
 * blueprint entries. A blueprint entry is applied through the model's API serializer, so its
 * `attrs` merged with its `identifiers` must be a valid `<Model>Request` body.
 *
 * Stricter than the API on one point on purpose: request objects reject unknown properties.
 * Authentik's serializers silently drop an unknown key, so a misspelled attribute would
 * otherwise apply "successfully" and do nothing.
 */

export const SCHEMA_FILE = fileURLToPath(new URL("../../../node_modules/@goauthentik/api/schema.yml", import.meta.url));

/** Blueprint model (`app_label.model_name`) → request schema in `components.schemas`. */
export const MODEL_REQUEST_SCHEMAS: Readonly<Record<string, string>> = {
  "authentik_core.group": "GroupRequest",
  "authentik_core.application": "ApplicationRequest",
  "authentik_crypto.certificatekeypair": "CertificateKeyPairRequest",
  "authentik_flows.flow": "FlowRequest",
  "authentik_flows.flowstagebinding": "FlowStageBindingRequest",
  "authentik_policies_password.passwordpolicy": "PasswordPolicyRequest",
  "authentik_providers_oauth2.oauth2provider": "OAuth2ProviderRequest",
  "authentik_providers_oauth2.scopemapping": "ScopeMappingRequest",
  "authentik_stages_authenticator_totp.authenticatortotpstage": "AuthenticatorTOTPStageRequest",
  "authentik_stages_authenticator_validate.authenticatorvalidatestage": "AuthenticatorValidateStageRequest",
  "authentik_stages_authenticator_webauthn.authenticatorwebauthnstage": "AuthenticatorWebAuthnStageRequest",
  "authentik_stages_invitation.invitation": "InvitationRequest",
  "authentik_stages_invitation.invitationstage": "InvitationStageRequest",
  "authentik_stages_prompt.prompt": "PromptRequest",
  "authentik_stages_prompt.promptstage": "PromptStageRequest",
  "authentik_stages_redirect.redirectstage": "RedirectStageRequest",
  "authentik_stages_user_login.userloginstage": "UserLoginStageRequest",
  "authentik_stages_user_write.userwritestage": "UserWriteStageRequest",
};

export function requestSchemaFor(model: string): string {
  const name = MODEL_REQUEST_SCHEMAS[model];
  if (!name) throw new Error(`no request schema mapped for model ${model}: add it to MODEL_REQUEST_SCHEMAS`);
  return name;
}

/** Placeholders for `!KeyOf` / `!Find`: a primary key of the type the property expects. */
export const PLACEHOLDER_UUID = "00000000-0000-4000-8000-000000000000";
export const PLACEHOLDER_INTEGER_PK = 1;

export interface SchemaProblem {
  path: string;
  keyword: string;
  message: string;
}

type JsonSchema = { [key: string]: unknown };
type Ajv = ReturnType<OpenAPIValidator["getAjv"]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

function isObject(value: unknown): value is JsonSchema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** OpenAPI 3.0 → what ajv accepts: ajv refuses `nullable` next to a bare `allOf`/`$ref`. */
function normaliseNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normaliseNullable);
  if (!isObject(node)) return node;
  const out = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, normaliseNullable(value)]));
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

function collectFormats(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => collectFormats(item, into));
  else if (isObject(node)) {
    if (typeof node.format === "string") into.add(node.format);
    Object.values(node).forEach((value) => collectFormats(value, into));
  }
  return into;
}

export class AuthentikSchema {
  readonly schemas: Readonly<Record<string, JsonSchema>>;
  /** `ModelEnum`: every `app_label.model_name` this Authentik version knows. */
  readonly models: ReadonlySet<string>;
  private readonly ajv: Ajv;

  constructor(document: { components: { schemas: Record<string, JsonSchema> } }) {
    this.schemas = document.components.schemas;
    this.models = new Set((this.schemas.ModelEnum?.enum as string[] | undefined) ?? []);

    const strict: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(this.schemas)) {
      const copy = normaliseNullable(structuredClone(schema)) as JsonSchema;
      if (name.endsWith("Request") && isObject(copy.properties) && copy.additionalProperties === undefined) {
        copy.additionalProperties = false;
      }
      strict[name] = copy;
    }

    // openapi-backend's ajv (v8, with the OpenAPI number formats), plus the string formats
    // Authentik's schema uses; an unknown format would be ignored, so it fails here instead.
    const validator = new OpenAPIValidator({
      definition: { openapi: "3.0.3", info: { title: "authentik", version: "schema.yml" }, paths: {} },
      lazyCompileValidators: true,
    });
    this.ajv = validator.getAjv(ValidationContext.RequestBody, { allErrors: true });
    this.ajv.addFormat("uuid", UUID);
    this.ajv.addFormat("uri", (value: string) => URL.canParse(value));
    this.ajv.addFormat("date-time", (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)));
    this.ajv.addFormat("email", EMAIL);
    const unknown = [...collectFormats(strict, new Set())].filter((format) => !(format in this.ajv.formats));
    if (unknown.length > 0) throw new Error(`schema.yml uses formats the validator does not check: ${unknown.join(", ")}`);

    this.ajv.addSchema({ components: { schemas: strict } }, "authentik");
  }

  /** Validates `data` against `components.schemas.<name>`, all problems at once. */
  validate(name: string, data: unknown): SchemaProblem[] {
    if (!this.schemas[name]) throw new Error(`schema.yml has no components.schemas.${name}`);
    const validate = this.ajv.getSchema(`authentik#/components/schemas/${name}`);
    if (!validate) throw new Error(`could not compile ${name}`);
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => {
      const params = error.params as Record<string, unknown>;
      const detail =
        error.keyword === "additionalProperties"
          ? `: unknown property "${String(params.additionalProperty)}"`
          : error.keyword === "enum"
            ? `: ${JSON.stringify(params.allowedValues)}`
            : "";
      return { path: error.instancePath || "/", keyword: error.keyword, message: `${error.message ?? error.keyword}${detail}` };
    });
  }

  /** Follows `$ref` and single-element `allOf` wrappers to the schema that describes a value. */
  deref(schema: unknown): JsonSchema | undefined {
    let current = schema;
    for (let depth = 0; depth < 20 && isObject(current); depth++) {
      if (typeof current.$ref === "string") current = this.schemas[current.$ref.replace("#/components/schemas/", "")];
      else if (Array.isArray(current.allOf) && current.allOf.length === 1 && current.type === undefined) current = current.allOf[0];
      else return current;
    }
    return isObject(current) ? current : undefined;
  }

  /**
   * Replaces each `!KeyOf` / `!Find` by a primary key of the type its property expects
   * (`format: uuid` string or integer). Where the schema expects neither, the tag becomes
   * `{"!KeyOf": [...]}` so validation reports it.
   */
  withPlaceholders(data: unknown, schema: unknown): unknown {
    const resolved = this.deref(schema);
    if (isTag(data, "!KeyOf") || isTag(data, "!Find")) {
      if (resolved?.type === "integer") return PLACEHOLDER_INTEGER_PK;
      if (resolved?.type === "string" && resolved.format === "uuid") return PLACEHOLDER_UUID;
      return { [data.tag]: data.args.map((arg) => (arg instanceof BlueprintTag ? arg.describe() : arg)) };
    }
    if (data instanceof BlueprintTag) return { [data.tag]: data.args };
    if (Array.isArray(data)) return data.map((item) => this.withPlaceholders(item, resolved?.items));
    if (isObject(data)) {
      const properties = isObject(resolved?.properties) ? resolved.properties : {};
      return Object.fromEntries(
        Object.entries(data).map(([key, value]) => [
          key,
          this.withPlaceholders(
            value,
            properties[key] ?? (isObject(resolved?.additionalProperties) ? resolved.additionalProperties : undefined),
          ),
        ]),
      );
    }
    return data;
  }
}

let cached: AuthentikSchema | undefined;

export function loadAuthentikSchema(): AuthentikSchema {
  cached ??= new AuthentikSchema(parse(readFileSync(SCHEMA_FILE, "utf8")) as ConstructorParameters<typeof AuthentikSchema>[0]);
  return cached;
}

const ENTRY_STATES = ["present", "created", "must_created", "absent"];

/** Every tag with the given name anywhere inside `value`, tag arguments included. */
export function collectTags(value: unknown, tag: BlueprintTag["tag"], into: BlueprintTag[] = []): BlueprintTag[] {
  if (value instanceof BlueprintTag) {
    if (value.tag === tag) into.push(value);
    value.args.forEach((arg) => collectTags(arg, tag, into));
  } else if (Array.isArray(value)) value.forEach((item) => collectTags(item, tag, into));
  else if (isObject(value)) Object.values(value).forEach((inner) => collectTags(inner, tag, into));
  return into;
}

function describeValue(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => (inner instanceof BlueprintTag ? inner.describe() : inner));
}

/**
 * Checks a whole blueprint against the schema, the way Authentik's importer meets it on a
 * first apply: an entry creates its object, so identifiers + attrs must be a complete, valid
 * `<Model>Request` body; a later entry with the same model and identifiers updates it
 * (`Patched<Model>Request`). Every entry is checked, whatever its `conditions` say.
 * Returns one line per problem; an empty list means valid.
 */
export function checkBlueprint(blueprint: Blueprint, schema: AuthentikSchema = loadAuthentikSchema()): string[] {
  const problems: string[] = [];
  if (blueprint.version !== 1) problems.push(`version must be 1, not ${String(blueprint.version)}`);
  const ids = new Set<string>();
  const identities = new Set<string>();

  blueprint.entries.forEach((entry, index) => {
    const where = `entries[${index}] ${entry.model}${entry.id ? ` (${entry.id})` : ""}`;
    if (!schema.models.has(entry.model)) problems.push(`${where}: model is not in this Authentik version's ModelEnum`);
    const schemaName = MODEL_REQUEST_SCHEMAS[entry.model];
    if (!schemaName) {
      problems.push(`${where}: no request schema mapped for model ${entry.model}`);
      return;
    }
    if (entry.state !== undefined && !ENTRY_STATES.includes(entry.state))
      problems.push(`${where}: state "${entry.state}" is not one of ${ENTRY_STATES.join(", ")}`);
    if (Object.keys(entry.identifiers).length === 0)
      problems.push(`${where}: no identifiers, so re-applying could not find the object again`);

    // `!KeyOf` reads the object of an entry applied before this one.
    for (const tag of collectTags([entry.identifiers, entry.attrs], "!KeyOf")) {
      if (!ids.has(String(tag.args[0]))) problems.push(`${where}: ${tag.describe()} names no earlier entry id`);
    }
    // `!Find [model, [field, value], ...]`: the model must exist and have the fields.
    for (const tag of collectTags([entry.identifiers, entry.attrs], "!Find")) {
      const [model, ...conditions] = tag.args;
      const found = MODEL_REQUEST_SCHEMAS[String(model)];
      if (!schema.models.has(String(model)) || !found) {
        problems.push(`${where}: ${tag.describe()} looks up an unknown or unmapped model`);
        continue;
      }
      const properties = schema.schemas[found.replace(/Request$/, "")]?.properties ?? {};
      for (const condition of conditions) {
        const field = Array.isArray(condition) ? String(condition[0]).split("__")[0] : "";
        if (!field || !(field in (properties as object)))
          problems.push(`${where}: ${tag.describe()} filters on "${field}", which ${String(model)} does not have`);
      }
    }

    resolveValue(entry.conditions ?? [], blueprint, problems, `${where} conditions`);
    const identifiers = resolveValue(entry.identifiers, blueprint, problems, `${where} identifiers`) as Record<string, unknown>;
    const attrs = resolveValue(entry.attrs, blueprint, problems, `${where} attrs`) as Record<string, unknown>;
    if (entry.id !== undefined) {
      if (ids.has(entry.id)) problems.push(`${where}: id "${entry.id}" is used twice`);
      ids.add(entry.id);
    }

    // An entry whose model and identifiers match an earlier one updates that object: the
    // importer then validates partially, as a PATCH body does. Otherwise it creates the
    // object, and the body must be complete.
    const identity = `${entry.model} ${describeValue(identifiers)}`;
    const bodySchema = identities.has(identity) ? `Patched${schemaName}` : schemaName;
    identities.add(identity);

    // The importer merges identifiers into attrs before the serializer sees them.
    const body = schema.withPlaceholders({ ...attrs, ...identifiers }, schema.schemas[bodySchema]);
    for (const problem of schema.validate(bodySchema, body)) problems.push(`${where}: ${bodySchema}${problem.path} ${problem.message}`);
  });
  return problems;
}
