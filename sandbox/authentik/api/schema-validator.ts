import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { OpenAPIBackend, type Document } from "openapi-backend";
import YAML from "yaml";

/**
 * Validates what a fake Authentik answers against Authentik's own OpenAPI schema, the
 * `schema.yml` shipped in `@goauthentik/api`. Load it once per test file (`await loadAuthentikSchema()`),
 * then `schema.assertMatches("GET", "/api/v3/core/users/", 200, body)`.
 *
 * Stricter than the document in three deliberate ways, all closer to what Authentik really sends:
 * - objects with declared properties accept no others (Authentik's serializers emit only those);
 * - an answer with a status the operation does not document must be DRF's `{detail}` error
 *   (`GenericError`), e.g. the 404 of `get_object_or_404`; a 204 must have no body;
 * - `format: email` / `uri` also accept "" (DRF's blank-allowed EmailField/URLField).
 */
export interface SchemaCheck {
  valid: boolean;
  operationId: string;
  errors: string[];
}

export interface AuthentikSchema {
  /** The operationId for a request, or undefined when schema.yml has no such route. */
  operationFor(method: string, path: string): string | undefined;
  check(method: string, path: string, status: number, body: unknown): SchemaCheck;
  assertMatches(method: string, path: string, status: number, body: unknown): void;
}

const GENERIC_ERROR_OPERATION = "castello_sandbox_generic_error";
const API_ROOT = "/api/v3";

type SchemaNode = Record<string, unknown>;

/** OpenAPI 3.0 `nullable` without a `type` (e.g. around `allOf`) is not understood by Ajv. */
function tighten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tighten);
  if (node === null || typeof node !== "object") return node;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) out[key] = tighten(value);
  if (
    out.properties &&
    typeof out.properties === "object" &&
    out.additionalProperties === undefined &&
    !out.allOf &&
    !out.oneOf &&
    !out.anyOf
  ) {
    out.additionalProperties = false;
  }
  if (out.nullable === true && out.type === undefined) {
    const { readOnly, description, ...rest } = out;
    delete rest.nullable;
    return {
      anyOf: [rest, { type: "null" }],
      ...(readOnly === undefined ? {} : { readOnly }),
      ...(description === undefined ? {} : { description }),
    };
  }
  return out;
}

function schemaPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@goauthentik/api/package.json")), "schema.yml");
}

const FORMATS: Record<string, RegExp> = {
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^$|^[^\s@]+@[^\s@]+$/,
  uri: /^$|^[a-z][a-z0-9+.-]*:\S*$/i,
  binary: /[\s\S]*/,
};

async function build(): Promise<AuthentikSchema> {
  const raw = YAML.parse(readFileSync(schemaPath(), "utf8")) as SchemaNode & { paths: SchemaNode };
  const definition = tighten(raw) as SchemaNode & { paths: SchemaNode };
  definition.paths["/__castello_sandbox__/generic-error/"] = {
    get: { operationId: GENERIC_ERROR_OPERATION, responses: { default: { $ref: "#/components/responses/GenericErrorResponse" } } },
  };
  const api = new OpenAPIBackend({
    definition: definition as unknown as Document,
    quick: true,
    ignoreTrailingSlashes: false,
    ajvOpts: { allErrors: true, strict: false },
    customizeAjv: (ajv) => {
      for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
      return ajv;
    },
  });
  await api.init();

  const relative = (requestPath: string) => {
    const pathname = new URL(requestPath, "http://fake.invalid").pathname;
    return pathname.startsWith(`${API_ROOT}/`) ? pathname.slice(API_ROOT.length) : pathname;
  };

  const operationFor = (method: string, requestPath: string) =>
    api.router.matchOperation({ method: method.toLowerCase(), path: relative(requestPath), headers: {} })?.operationId;

  const check = (method: string, requestPath: string, status: number, body: unknown): SchemaCheck => {
    const operation = api.router.matchOperation({ method: method.toLowerCase(), path: relative(requestPath), headers: {} });
    if (!operation?.operationId)
      return { valid: false, operationId: "", errors: [`schema.yml has no operation for ${method} ${relative(requestPath)}`] };
    const { operationId } = operation;
    const responses = (operation.responses ?? {}) as Record<string, SchemaNode>;
    const documented = responses[String(status)];
    const content = documented && ((documented.content as SchemaNode | undefined) ?? (documented.$ref ? {} : undefined));
    const empty = body === undefined || body === null || body === "";
    if (status === 204) {
      return { valid: empty, operationId, errors: empty ? [] : ["a 204 answer must have no body"] };
    }
    if (!documented || (!content && status >= 400)) {
      const result = api.validateResponse(body, GENERIC_ERROR_OPERATION, status);
      const errors = (result.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} (as GenericError)`);
      if (!documented && status < 400) errors.push(`status ${status} is not documented for ${operationId}`);
      return { valid: errors.length === 0, operationId, errors };
    }
    if (!content) return { valid: empty, operationId, errors: empty ? [] : [`${status} is documented without a body`] };
    const result = api.validateResponse(body, operationId, status);
    const errors = (result.errors ?? []).map(
      (error) => `${error.instancePath || "/"} ${error.message ?? ""}${error.params ? ` ${JSON.stringify(error.params)}` : ""}`,
    );
    return { valid: errors.length === 0, operationId, errors };
  };

  return {
    operationFor,
    check,
    assertMatches(method, requestPath, status, body) {
      const result = check(method, requestPath, status, body);
      if (!result.valid) {
        throw new Error(
          `${method} ${requestPath} → ${status} does not match schema.yml (${result.operationId}):\n  ${result.errors.join("\n  ")}\nbody: ${JSON.stringify(body)?.slice(0, 2000)}`,
        );
      }
    },
  };
}

let loaded: Promise<AuthentikSchema> | undefined;

/** Parses schema.yml (about 1.8 MB, ~1 s) once per module instance. */
export function loadAuthentikSchema(): Promise<AuthentikSchema> {
  loaded ??= build();
  return loaded;
}

/** Convenience for tests: loads the schema (once) and asserts. */
export async function assertMatchesSchema(method: string, requestPath: string, status: number, body: unknown): Promise<void> {
  (await loadAuthentikSchema()).assertMatches(method, requestPath, status, body);
}
