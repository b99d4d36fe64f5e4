import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";

/** Fewer characters than this make no trigram: the index cannot help, so nothing is searched. */
export const MIN_SEARCH_LENGTH = 3;
export const MAX_SEARCH_LENGTH = 100;
const PER_GROUP = 8;
/**
 * A piece most rows have ("exa", "ann") would make the trigram index build a bitmap of half the
 * table to show eight rows; a sequential look at the first rows finds those at once. So each group
 * first looks at this many rows, and only a piece rarer than eight in this many asks the index.
 */
const PROBE_ROWS = 1000;

export interface SearchResults {
  people: { sub: string; name: string; email: string; families: number; tenantName: string }[];
  families: { id: number; name: string; tenantId: number; tenantName: string; status: string }[];
  invites: { id: number; email: string; status: string; familyId: number; familyName: string; tenantName: string }[];
}

const EMPTY: SearchResults = { people: [], families: [], invites: [] };

/**
 * pg_trgm makes trigrams of letters and digits only, so "o@exa" would ask for every address at
 * "exa…". The search key spells each separator of addresses and names as a digit ("@" is "0",
 * "." is "1"), which trigrams keep. A real digit then looks like a separator to the index, but
 * the original text is still compared, so the key only narrows. One character per separator
 * keeps the index's most common trigrams few (a run such as "q0q" was in every address and cost
 * more than the digits' false candidates: npm run bench:search, 28 ms against 22 ms p95).
 * Migration 0014 indexes exactly these expressions.
 */
const SEPARATORS = "@._-+";
const AS_DIGITS = "01234";
const searchKey = (column: SQL) => sql`translate(lower(${column}), ${sql.raw(`'${SEPARATORS}'`)}, ${sql.raw(`'${AS_DIGITS}'`)})`;
const keyOf = (text: string) => text.replace(/[@._+-]/g, (c) => AS_DIGITS[SEPARATORS.indexOf(c)]!);

/** `%` and `_` in what a person typed are letters, not wildcards. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type Match = { key: string; text: string };

/**
 * One group as two branches: the probe over the table's first rows, and (only when the probe found
 * fewer than a page) the trigram index. Postgres runs the second branch's condition once, first.
 */
function probeThenIndex(options: { table: SQL; columns: SQL; probeWhere: SQL; indexWhere: SQL; limit: number }): SQL {
  const { table, columns, probeWhere, indexWhere, limit } = options;
  return sql`(
    with probe as (select ${columns} from (select ${columns} from ${table} limit ${PROBE_ROWS}) as rows where ${probeWhere} limit ${limit})
    select * from probe
    union
    (select ${columns} from ${table} as rows where ${indexWhere} and (select count(*) from probe) < ${PER_GROUP} limit ${limit})
    limit ${limit})`;
}

const personText = (text: string) =>
  sql`(lower(email) like ${text} or lower(display_name) like ${text} or lower(identity_username) like ${text})`;

const people = ({ key, text }: Match) => sql`
  select coalesce(json_agg(row_to_json(found) order by found.name), '[]') from (
    select m.identity_sub as sub, min(m.display_name) as name, min(m.email) as email,
      count(*)::int as families, min(t.display_name) as "tenantName"
    from ${probeThenIndex({
      table: sql`members`,
      columns: sql`identity_sub, display_name, email, identity_username, tenant_id`,
      probeWhere: personText(text),
      indexWhere: sql`${searchKey(sql`email || ' ' || display_name || ' ' || coalesce(identity_username, '')`)} like ${key} and ${personText(text)}`,
      limit: PER_GROUP * 4,
    })} m join tenants t on t.id = m.tenant_id
    group by m.identity_sub
    order by min(m.display_name)
    limit ${PER_GROUP}) found`;

const families = ({ key, text }: Match) => sql`
  select coalesce(json_agg(row_to_json(found) order by found.name), '[]') from (
    select f.id, f.name, f.tenant_id as "tenantId", t.display_name as "tenantName", f.status
    from ${probeThenIndex({
      table: sql`families`,
      columns: sql`id, name, tenant_id, status`,
      probeWhere: sql`lower(name) like ${text}`,
      indexWhere: sql`${searchKey(sql`name`)} like ${key} and lower(name) like ${text}`,
      limit: PER_GROUP,
    })} f join tenants t on t.id = f.tenant_id) found`;

const invites = ({ key, text }: Match) => sql`
  select coalesce(json_agg(row_to_json(found) order by found.email), '[]') from (
    select i.id, i.email, i.status, i.family_id as "familyId", f.name as "familyName", t.display_name as "tenantName"
    from ${probeThenIndex({
      table: sql`invites`,
      columns: sql`id, email, status, family_id, tenant_id`,
      probeWhere: sql`lower(email) like ${text}`,
      indexWhere: sql`${searchKey(sql`email`)} like ${key} and lower(email) like ${text}`,
      limit: PER_GROUP,
    })} i join families f on f.id = i.family_id join tenants t on t.id = i.tenant_id) found`;

/** The one statement behind a search of `text` (trimmed, lower-cased, at least three characters). */
export function searchStatement(text: string): SQL {
  const match = { key: contains(keyOf(text)), text: contains(text) };
  return sql`select (${people(match)}) as people, (${families(match)}) as families, (${invites(match)}) as invites`;
}

/**
 * The support console's one search box, over every tenant: people (e-mail, name or username),
 * families (name) and invitations (address), in one statement. Each group is served by a trigram
 * GIN index on its search key (migrations 0012 and 0014), so a substring anywhere costs about what a lookup
 * costs (npm run bench:search measures it at a million members).
 */
export async function searchEverything(db: Executor, query: string): Promise<SearchResults> {
  const text = query.trim().toLowerCase().slice(0, MAX_SEARCH_LENGTH);
  if (text.length < MIN_SEARCH_LENGTH) return EMPTY;
  return db.transaction(async (tx) => {
    // The planner cannot estimate a trigram LIKE and, for a rare piece, may pick a scan of the whole
    // table. Without it the plan's cost looks huge, which would make Postgres JIT-compile it (~200 ms).
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`);
    const [row] = (await tx.execute(searchStatement(text))) as unknown as SearchResults[];
    return row ?? EMPTY;
  });
}
