import { isMap, isScalar, isSeq, parseDocument, type Node, type ScalarTag, type CollectionTag } from "yaml";

/**
 * Reads an Authentik blueprint (authentik/blueprints/v1) the way a test needs it: the YAML
 * with every custom tag Authentik defines kept as a recognisable {@link BlueprintTag}, and a
 * resolver that turns `!Context`, `!Env` and `!Format` into the values Authentik would use
 * with the blueprint's own context defaults. `!KeyOf` and `!Find` stay tags: they name
 * database rows, which only a schema-aware pass can replace (see authentik-schema.ts).
 */

/** Every tag of upstream `authentik/blueprints/v1/common.py` (BlueprintLoader). */
export const BLUEPRINT_TAGS = [
  "!KeyOf",
  "!Env",
  "!File",
  "!Find",
  "!FindObject",
  "!Context",
  "!Format",
  "!If",
  "!Condition",
  "!Enumerate",
  "!Index",
  "!Value",
  "!AtIndex",
] as const;
export type BlueprintTagName = (typeof BLUEPRINT_TAGS)[number];

export class BlueprintTag {
  constructor(
    readonly tag: BlueprintTagName,
    /** A scalar form (`!KeyOf id`) has one argument; a sequence form has one per item. */
    readonly args: readonly unknown[],
  ) {}

  describe(): string {
    return `${this.tag} ${JSON.stringify(this.args.map((arg) => (arg instanceof BlueprintTag ? arg.describe() : arg)))}`;
  }
}

export function isTag(value: unknown, tag?: BlueprintTagName): value is BlueprintTag {
  return value instanceof BlueprintTag && (tag === undefined || value.tag === tag);
}

export interface BlueprintEntry {
  model: string;
  state?: string;
  id?: string;
  conditions?: unknown[];
  identifiers: Record<string, unknown>;
  attrs: Record<string, unknown>;
}

export interface Blueprint {
  version: number;
  metadata?: { name: string; labels?: Record<string, string> };
  context: Record<string, unknown>;
  entries: BlueprintEntry[];
}

function nodeToJs(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(nodeToJs);
  if (isMap(node)) {
    return Object.fromEntries(node.items.map((pair) => [String(nodeToJs(pair.key)), nodeToJs(pair.value)]));
  }
  return node;
}

const customTags: (ScalarTag | CollectionTag)[] = BLUEPRINT_TAGS.flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, identify: () => false, resolve: (value: string) => new BlueprintTag(tag, [value]) },
  { tag, collection: "seq", identify: () => false, resolve: (seq) => new BlueprintTag(tag, nodeToJs(seq as Node) as unknown[]) },
]);

/** Parses blueprint YAML; any YAML error or unknown tag throws. */
export function parseBlueprint(text: string): Blueprint {
  const document = parseDocument(text, { customTags, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(`blueprint YAML: ${problems.map((p) => p.message).join("; ")}`);
  const raw = document.toJS() as Partial<Blueprint> | null;
  if (!raw || !Array.isArray(raw.entries)) throw new Error("blueprint YAML: no `entries` list");
  return {
    version: raw.version ?? 0,
    metadata: raw.metadata,
    context: raw.context ?? {},
    entries: raw.entries.map((entry) => ({ ...entry, identifiers: entry.identifiers ?? {}, attrs: entry.attrs ?? {} })),
  };
}

/** Python's `%` formatting, the subset `!Format` blueprints use: `%s`, `%d`, `%%`. */
function pythonFormat(format: string, args: unknown[], problems: string[], where: string): string {
  let next = 0;
  const out = format.replace(/%([sd%])/g, (_match, kind: string) => {
    if (kind === "%") return "%";
    if (next >= args.length) {
      problems.push(`${where}: !Format "${format}" has more placeholders than arguments`);
      return "";
    }
    const arg = args[next++];
    return kind === "d" ? String(Math.trunc(Number(arg))) : String(arg);
  });
  if (next < args.length) problems.push(`${where}: !Format "${format}" has more arguments than placeholders`);
  return out;
}

/**
 * Resolves `!Context`, `!Env` and `!Format` like Authentik does with no instance context and
 * no environment: a context key takes the blueprint's `context:` default (which may itself be
 * an `!Env [NAME, default]`), an `!Env` its default. An `!Env` without default (Authentik
 * would read None) becomes the string `env:<NAME>`. `!KeyOf` and `!Find` are kept, with their
 * arguments resolved. Anything that Authentik could not resolve is reported in `problems`.
 */
export function resolveValue(value: unknown, blueprint: Blueprint, problems: string[], where = "value"): unknown {
  const resolve = (inner: unknown, at = where) => resolveValue(inner, blueprint, problems, at);
  if (Array.isArray(value)) return value.map((item, index) => resolve(item, `${where}[${index}]`));
  if (value instanceof BlueprintTag) {
    const [first, second] = value.args;
    switch (value.tag) {
      case "!KeyOf":
      case "!Find":
        return new BlueprintTag(
          value.tag,
          value.args.map((arg) => resolve(arg)),
        );
      case "!Context": {
        const key = String(resolve(first));
        if (key in blueprint.context) return resolve(blueprint.context[key], `${where} (context ${key})`);
        if (value.args.length > 1) return resolve(second);
        problems.push(`${where}: !Context ${key} has neither a context default nor a default of its own`);
        return undefined;
      }
      case "!Env":
        return value.args.length > 1 ? resolve(second) : `env:${String(resolve(first))}`;
      case "!Format": {
        const args = value.args.slice(1).map((arg) => resolve(arg));
        const tagged = args.find((arg) => arg instanceof BlueprintTag);
        if (tagged) problems.push(`${where}: !Format argument ${(tagged as BlueprintTag).describe()} is not a string`);
        return pythonFormat(String(resolve(first)), args, problems, where);
      }
      default:
        problems.push(`${where}: ${value.tag} is not supported by this test's resolver; extend it before using the tag`);
        return value;
    }
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, `${where}.${key}`)]));
  }
  return value;
}
