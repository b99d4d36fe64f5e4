import { ApiError } from "./errors";
import type { ApiState } from "./state";

type Sortable = string | number | boolean | Date | null | undefined;

/**
 * authentik.api.pagination.Pagination (DRF PageNumberPagination): `next`/`previous` are page
 * numbers, 0 when there is none; an empty list is still page 1 of 1. `autocomplete` is the
 * (enterprise) query-language schema, answered empty as by an unlicensed install.
 */
export function paginate<T>(items: T[], query: URLSearchParams, state: ApiState, serialize: (item: T) => unknown) {
  const pageSize = pageSizeOf(query, state);
  const count = items.length;
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  const requested = query.get("page") ?? "1";
  const current = requested === "last" ? totalPages : /^\d+$/.test(requested) ? Number(requested) : NaN;
  if (!Number.isInteger(current) || current < 1 || current > totalPages) throw new ApiError(404, { detail: "Invalid page." });
  const start = (current - 1) * pageSize;
  const results = items.slice(start, start + pageSize);
  return {
    pagination: {
      next: current < totalPages ? current + 1 : 0,
      previous: current > 1 ? current - 1 : 0,
      count,
      current,
      total_pages: totalPages,
      start_index: count === 0 ? 0 : start + 1,
      end_index: current === totalPages ? count : current * pageSize,
    },
    results: results.map(serialize),
    autocomplete: {},
  };
}

/** DRF `_positive_int(strict=True, cutoff=max_page_size)`, falling back to PAGE_SIZE. */
function pageSizeOf(query: URLSearchParams, state: ApiState): number {
  const raw = query.get("page_size");
  if (raw === null || !/^\d+$/.test(raw.trim())) return state.pageSize;
  const value = Number(raw.trim());
  if (value <= 0) return state.pageSize;
  return Math.min(value, state.maxPageSize);
}

function compare(a: Sortable, b: Sortable): number {
  // PostgreSQL: NULLs sort last ascending (first descending).
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b, "en");
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * DRF OrderingFilter: `?ordering=a,-b` over the fields the serializer exposes; unknown fields are
 * dropped, and with none left the view's default ordering applies.
 */
export function order<T>(items: T[], query: URLSearchParams, fields: Record<string, (item: T) => Sortable>, defaults: string[]): T[] {
  const requested = (query.get("ordering") ?? "")
    .split(",")
    .map((term) => term.trim())
    .filter((term) => term !== "" && Object.hasOwn(fields, term.replace(/^-/, "")));
  const terms = requested.length > 0 ? requested : defaults;
  return [...items].sort((a, b) => {
    for (const term of terms) {
      const descending = term.startsWith("-");
      const key = fields[term.replace(/^-/, "")];
      if (!key) continue;
      const result = compare(key(a), key(b));
      if (result !== 0) return descending ? -result : result;
    }
    return 0;
  });
}

/** DRF SearchFilter: every term (split on spaces and commas) must be contained, case-insensitively, in one of the fields. */
export function search<T>(items: T[], query: URLSearchParams, fields: ((item: T) => unknown)[]): T[] {
  const terms = (query.get("search") ?? "")
    .split(/[\s,]+/)
    .map((term) => term.trim().toLowerCase())
    .filter(Boolean);
  if (terms.length === 0) return items;
  return items.filter((item) =>
    terms.every((term) =>
      fields.some((field) =>
        String(field(item) ?? "")
          .toLowerCase()
          .includes(term),
      ),
    ),
  );
}
