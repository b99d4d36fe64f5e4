import { isDeepStrictEqual } from "node:util";
import { validationError } from "./errors";

/** django-filter's BooleanWidget: true/True/1 and false/False/0; anything else means "no filter". */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (["true", "True", "1"].includes(value)) return true;
  if (["false", "False", "0"].includes(value)) return false;
  return undefined;
}

/** A plain CharFilter: exact match, ignored when empty (django-filter skips empty values). */
export function textParam(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === "" ? undefined : value;
}

/**
 * The `attributes` filter of users and groups: a JSON object whose keys become
 * `attributes__<key>` lookups (`__` walks into nested objects), each an exact JSON match.
 * Its errors are raised as a bare ValidationError, so DRF answers a JSON list.
 */
export function attributesFilter(query: URLSearchParams): ((attributes: Record<string, unknown>) => boolean) | undefined {
  const raw = textParam(query, "attributes");
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validationError(["filter: failed to parse JSON"]);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw validationError(["filter: value must be key:value mapping"]);
  const lookups = Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({ path: key.split("__"), value }));
  return (attributes) =>
    lookups.every(({ path, value }) => {
      let current: unknown = attributes;
      for (const segment of path) {
        if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) return false;
        current = (current as Record<string, unknown>)[segment];
      }
      return isDeepStrictEqual(current, value);
    });
}
