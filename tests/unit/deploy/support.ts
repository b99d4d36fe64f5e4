import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { envSchema } from "@/lib/env-schema";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
export const DEPLOY = path.join(ROOT, "deploy");
export const read = (relative: string) => readFileSync(path.join(ROOT, relative), "utf8");

/** Every setting Castello reads: the schema's keys, and the ones being added next to them. */
export const CASTELLO_SETTINGS = [...Object.keys(envSchema.shape), "LOG_LEVEL", "METRICS_TOKEN", "OTEL_EXPORTER_OTLP_ENDPOINT"];

/** A setting whose value must never be written in a deploy file, only referenced. */
export const isSecretName = (name: string) => /PASSWORD|SECRET|TOKEN|_KEY$|_KEY_PREVIOUS$|^DATABASE_URL$|^SMTP_URL$/.test(name);

// --- YAML -------------------------------------------------------------------------------

/** Parses YAML as Compose does: anchors, aliases and `<<` merge keys resolved. */
export function parseYaml<T = unknown>(text: string): T {
  return parse(text, { merge: true, maxAliasCount: -1 }) as T;
}

/** Every document of a multi-document file; a syntax error in any of them throws. */
export function parseYamlDocuments(text: string, name: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${name}, document ${index + 1}: ${document.errors[0]!.message}`);
    return document.toJS() as Record<string, unknown>;
  });
}

// --- Compose ----------------------------------------------------------------------------

export interface ComposeHealthcheck {
  test?: string | string[];
  disable?: boolean;
  start_period?: string;
}
export interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  restart?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  env_file?: string | string[];
  volumes?: (string | { type?: string; source?: string; target: string; read_only?: boolean })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: ComposeHealthcheck;
  ports?: (string | number | object)[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
}
export interface Compose {
  version?: string;
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, unknown>;
}

export const COMPOSE_FILE = "deploy/compose.yaml";
export const composeText = () => read(COMPOSE_FILE);
export const loadCompose = (text = composeText()) => parseYaml<Compose>(text);

export function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const at = entry.indexOf("=");
        return at < 0 ? [entry, ""] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, value == null ? "" : String(value)]));
}

export interface VolumeMount {
  source: string | undefined;
  target: string;
  readOnly: boolean;
  /** A named volume (declared under `volumes:`), as opposed to a path on the host. */
  named: boolean;
}

export function mountsOf(service: ComposeService): VolumeMount[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === "string") {
      const [source, target, mode] = volume.split(":");
      if (target === undefined) return { source: undefined, target: source!, readOnly: false, named: false };
      return { source, target, readOnly: (mode ?? "").split(",").includes("ro"), named: !/^[./~$]/.test(source!) };
    }
    const named = (volume.type ?? "volume") === "volume" && volume.source !== undefined;
    return { source: volume.source, target: volume.target, readOnly: volume.read_only === true, named };
  });
}

export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, "service_started"]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, value]) => [name, value?.condition ?? "service_started"]));
}

export const commandOf = (service: ComposeService) =>
  Array.isArray(service.command) ? service.command.join(" ") : (service.command ?? "");

// --- Interpolation (the Compose Specification's ${VAR}, ${VAR:-default}, ${VAR:?error}) ---

export interface Reference {
  name: string;
  /** `-`, `:-`, `?`, `:?`, `+`, `:+` or "" for a bare ${VAR}. */
  operator: string;
  argument: string;
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/g;

/** Every ${...} in a text; `$$` escapes and bare `$VAR` are reported as problems by `strayDollars`. */
export function references(text: string): Reference[] {
  return [...text.matchAll(REFERENCE)].map((match) => ({ name: match[1]!, operator: match[2] ?? "", argument: match[3] ?? "" }));
}

/** `$` signs that are not the start of a ${VAR} reference (a bare $VAR would interpolate silently). */
export function strayDollars(text: string): string[] {
  return text
    .replace(REFERENCE, "")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#") && line.includes("$"));
}

/** A reference without a default needs a value in the env file; `:?` ones stop Compose when missing. */
export const needsValue = (reference: Reference) => reference.operator === "" || reference.operator.endsWith("?");

export function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(REFERENCE, (_whole, name: string, operator: string | undefined, argument: string | undefined) => {
    const value = env[name];
    const set = value !== undefined && (value !== "" || !operator?.startsWith(":"));
    switch (operator?.replace(":", "")) {
      case "-":
        return set ? value! : argument!;
      case "?":
        if (!set) throw new Error(`${name}: ${argument}`);
        return value!;
      case "+":
        return set ? argument! : "";
      default:
        return value ?? "";
    }
  });
}

// --- The env file -----------------------------------------------------------------------

export interface EnvEntry {
  name: string;
  value: string;
  /** Written as a comment (`# NAME=...`): documented, optional, off by default. */
  commented: boolean;
  /** The comment lines right above it. */
  comment: string[];
  line: number;
}

export const ENV_EXAMPLE_FILE = "deploy/.env.example";

/** Reads a .env file the way Compose does for the cases it uses: NAME=value, NAME="quoted value". */
export function parseEnvFile(text: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let comment: string[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    const assignment = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (assignment) {
      // A commented entry may be followed, after two spaces or more, by a description.
      let value = (assignment[1] ? assignment[3]!.split(/\s{2,}/)[0]! : assignment[3]!).trim();
      if (/^".*"$/.test(value)) value = value.slice(1, -1);
      entries.push({ name: assignment[2]!, value, commented: Boolean(assignment[1]), comment, line: index + 1 });
      comment = [];
    } else if (line.startsWith("#")) {
      comment = [...comment, line.replace(/^#\s?/, "")];
    } else {
      comment = [];
    }
  });
  return entries;
}

export const envExample = () => parseEnvFile(read(ENV_EXAMPLE_FILE));

/**
 * The value the comment's recipe makes (`openssl rand -base64 33`, `openssl rand -hex 32`), so a
 * test can fill the example in the way docs tell a person to; undefined when there is no recipe.
 */
export function generateFromRecipe(comment: string[]): string | undefined {
  const recipe = /openssl rand -(base64|hex) (\d+)/.exec(comment.join(" "));
  if (!recipe) return undefined;
  const bytes = randomBytes(Number(recipe[2]));
  return recipe[1] === "hex" ? bytes.toString("hex") : bytes.toString("base64");
}

/**
 * The example env file with every `change-me` replaced by what its recipe makes; with
 * `optional`, the commented entries that show a value are switched on too.
 */
export function filledInExample(overrides: Record<string, string> = {}, { optional = false } = {}): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const entry of envExample()) {
    if (entry.commented && (!optional || entry.value === "")) continue;
    filled[entry.name] =
      entry.value === "change-me" ? (generateFromRecipe(entry.comment) ?? `filled-${entry.name.toLowerCase()}`) : entry.value;
  }
  return { ...filled, ...overrides };
}

// --- Dockerfile -------------------------------------------------------------------------

export interface DockerInstruction {
  keyword: string;
  args: string;
  line: number;
}
export interface DockerStage {
  image: string;
  name: string | undefined;
  instructions: DockerInstruction[];
}

/** Splits a Dockerfile into stages of instructions (continuation lines joined, comments dropped). */
export function dockerStages(text: string): DockerStage[] {
  const instructions: DockerInstruction[] = [];
  let pending = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) return;
    if (pending !== "" && line.startsWith("#")) return;
    if (pending === "") start = index + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const whole = (pending + line).trim();
    pending = "";
    const space = whole.search(/\s/);
    instructions.push({ keyword: whole.slice(0, space).toUpperCase(), args: whole.slice(space + 1).trim(), line: start });
  });
  const stages: DockerStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === "FROM") {
      const [image, as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith("--"));
      stages.push({ image: image!, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** A .dockerignore as Docker reads it: patterns relative to the context, `!` re-includes. */
export function dockerIgnores(patterns: string[], file: string): boolean {
  let ignored = false;
  const candidates = file.split("/").map((_, index, parts) => parts.slice(0, index + 1).join("/"));
  for (const raw of patterns) {
    const negate = raw.startsWith("!");
    const pattern = (negate ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, "");
    const source = pattern
      .split("/")
      .map((part) =>
        part === "**"
          ? "(?:.*)"
          : part
              .replace(/[.+^${}()|[\]\\]/g, "\\$&")
              .replace(/\*/g, "[^/]*")
              .replace(/\?/g, "[^/]"),
      )
      .join("/")
      .replace(/\(\?:\.\*\)\//g, "(?:.*/)?");
    const regex = new RegExp(`^${source}$`);
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negate;
  }
  return ignored;
}

export const dockerignorePatterns = (text = read(".dockerignore")) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
