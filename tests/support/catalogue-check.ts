import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/** Pure checks behind catalogues.test.ts: flattening, ICU signatures, and the keys code uses. */

export type Flat = Map<string, string>;

export function flatten(tree: unknown, prefix = "", out: Flat = new Map()): Flat {
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(full, value);
    else flatten(value, full, out);
  }
  return out;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: "text",
  [TYPE.number]: "number",
  [TYPE.date]: "date",
  [TYPE.time]: "time",
  [TYPE.select]: "select",
  [TYPE.plural]: "plural",
  [TYPE.tag]: "tag",
};

/**
 * A message's arguments and tags with their kinds, e.g. ["count:plural", "name:text", "b:tag"], sorted.
 * Throws for a message that does not parse, and for a plural or select without `other`.
 */
export function signature(text: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      const kind = KIND[element.type];
      if (kind && "value" in element) found.add(`${element.value}:${kind}`);
      if (element.type === TYPE.select || element.type === TYPE.plural) {
        for (const option of Object.values(element.options)) walk(option.value);
      }
      if (element.type === TYPE.tag) walk(element.children);
    }
  };
  walk(parse(text));
  return [...found].sort();
}

/** An ASCII apostrophe before ICU syntax quotes it ("l'{x}" prints "{x}"): write ’ instead. */
export function hasQuotingApostrophe(text: string): boolean {
  return /'[{}<>#|']/.test(text);
}

export interface SourceFile {
  file: string;
  /** String literals, whole. */
  literals: Set<string>;
  /** The fixed starts of template literals with an interpolation, e.g. "roles." of `roles.${role}`. */
  prefixes: Set<string>;
  /** The namespaces the file's translators are bound to. */
  namespaces: Set<string>;
}

const SOURCE_DIRS = ["app", "components", "lib"];
const SOURCE_FILES = ["proxy.ts", "instrumentation.ts"];

export function readSources(root: string): SourceFile[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name)) files.push(full);
    }
  };
  for (const dir of SOURCE_DIRS) walk(path.join(root, dir));
  files.push(...SOURCE_FILES.map((file) => path.join(root, file)));
  return files.map((file) => scanSource(path.relative(root, file), readFileSync(file, "utf8")));
}

export function scanSource(file: string, code: string): SourceFile {
  const literals = new Set<string>();
  const prefixes = new Set<string>();
  for (const match of code.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g)) literals.add(match[1] ?? match[2] ?? "");
  for (const match of code.matchAll(/`([^`$]*)(\$\{)?/g)) {
    if (match[2]) prefixes.add(match[1]!);
    else literals.add(match[1]!);
  }
  const namespaces = new Set<string>();
  for (const match of code.matchAll(/(?:useTranslations|getTranslations)\(\s*"([^"]+)"/g)) namespaces.add(match[1]!);
  for (const match of code.matchAll(/namespace:\s*"([^"]+)"/g)) namespaces.add(match[1]!);
  return { file, literals, prefixes, namespaces };
}

/** A key is used when some file names it whole, or relative to one of its namespaces, or by a template's prefix. */
export function isUsed(key: string, sources: SourceFile[]): boolean {
  return sources.some((source) => {
    const candidates = [key, ...[...source.namespaces].filter((ns) => key.startsWith(`${ns}.`)).map((ns) => key.slice(ns.length + 1))];
    if (candidates.some((candidate) => source.literals.has(candidate))) return true;
    return [...source.prefixes].some(
      (prefix) => prefix.endsWith(".") && candidates.some((candidate) => candidate.startsWith(prefix) && candidate !== prefix),
    );
  });
}
