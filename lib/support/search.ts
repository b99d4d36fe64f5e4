import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";

/** Fewer characters than this make no trigram: the index cannot help, so nothing is searched. */
export const MIN_SEARCH_LENGTH = 3;
export const MAX_SEARCH_LENGTH = 100;
const PER_GROUP = 8;

export interface SearchResults {
  people: { sub: string; name: string; email: string; families: number; tenantName: string }[];
  families: { id: number; name: string; tenantId: number; tenantName: string; status: string }[];
  invites: { id: number; email: string; status: string; familyName: string; tenantName: string }[];
}

const EMPTY: SearchResults = { people: [], families: [], invites: [] };

/** `%` and `_` in what a person typed are letters, not wildcards. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The support console's one search box, over every tenant: people (e-mail or name), families
 * (name) and invitations (address). Each group is one query served by a trigram GIN index
 * (migration 0011) on the lowered column, so a substring anywhere costs what a lookup costs.
 */
export async function searchEverything(db: Executor, query: string): Promise<SearchResults> {
  const text = query.trim().toLowerCase().slice(0, MAX_SEARCH_LENGTH);
  if (text.length < MIN_SEARCH_LENGTH) return EMPTY;
  const pattern = contains(text);
  const [people, families, invites] = await Promise.all([
    // The first matches the index gives, then sorted: a common piece ("ann") must not sort a whole table.
    db.execute(sql`
      select m.identity_sub as sub, min(m.display_name) as name, min(m.email) as email,
        count(*)::int as families, min(t.display_name) as "tenantName"
      from (
        select identity_sub, display_name, email, tenant_id from members
        where lower(email) like ${pattern} or lower(display_name) like ${pattern}
        limit ${PER_GROUP * 4}
      ) m join tenants t on t.id = m.tenant_id
      group by m.identity_sub
      order by min(m.display_name)
      limit ${PER_GROUP}`),
    db.execute(sql`
      select f.id, f.name, f.tenant_id as "tenantId", t.display_name as "tenantName", f.status
      from (select id, name, tenant_id, status from families where lower(name) like ${pattern} limit ${PER_GROUP}) f
      join tenants t on t.id = f.tenant_id
      order by f.name`),
    db.execute(sql`
      select i.id, i.email, i.status, f.name as "familyName", t.display_name as "tenantName"
      from (select id, email, status, family_id, tenant_id from invites where lower(email) like ${pattern} limit ${PER_GROUP}) i
      join families f on f.id = i.family_id join tenants t on t.id = i.tenant_id
      order by i.email`),
  ]);
  return {
    people: people as unknown as SearchResults["people"],
    families: families as unknown as SearchResults["families"],
    invites: invites as unknown as SearchResults["invites"],
  };
}
