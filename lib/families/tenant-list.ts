import { sql } from "drizzle-orm";
import type { Executor } from "@/lib/db/connect";

export const FAMILIES_PAGE_SIZE = 25;
/** A search longer than this cannot be a family name or an address. */
export const MAX_FAMILY_SEARCH = 100;

export interface TenantFamilyRow {
  id: number;
  name: string;
  status: "active" | "suspended" | "closed";
  /** The active owner, or the address the owner's pending invite went to. */
  ownerName: string | null;
  ownerEmail: string | null;
  waitingForOwner: boolean;
  ownerInviteId: number | null;
  activeMembers: number;
  pendingInvites: number;
  seatLimit: number;
  allocatedBytes: number;
  allowanceBytes: number;
}

export interface TenantFamilyPage {
  rows: TenantFamilyRow[];
  total: number;
  page: number;
  pages: number;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of a tenant's families for the operator, newest first, in one query: the page's ids
 * and the total come from families_tenant_idx, then the counts are index lookups for those rows
 * only (members_family_status_idx, invites_family_created_idx). `search` matches the name or
 * the owner's address.
 */
export async function listTenantFamilies(
  db: Executor,
  tenantId: number,
  options: { search?: string; page?: number; now?: Date } = {},
): Promise<TenantFamilyPage> {
  const search = options.search?.trim().slice(0, MAX_FAMILY_SEARCH) ?? "";
  const page = Math.max(1, Math.min(options.page ?? 1, 100_000));
  const now = options.now ?? new Date();
  const pattern = likePattern(search);
  // Page first (ids and the total, from families_tenant_idx), then the counts for those rows only.
  const ownerJoins = sql`
    left join members o on o.family_id = f.id and o.role = 'owner' and o.status = 'active'
    left join lateral (
      select i.id, i.email from invites i
      where i.family_id = f.id and i.role = 'owner' and i.status = 'pending'
      order by i.created_at desc limit 1
    ) oi on true`;
  const rows = (await db.execute(sql`
    with page as (
      select f.id, count(*) over ()::int as total
      from families f
      ${search ? ownerJoins : sql``}
      where f.tenant_id = ${tenantId}
        ${search ? sql`and (f.name ilike ${pattern} or o.email ilike ${pattern} or oi.email ilike ${pattern})` : sql``}
      order by f.id desc
      limit ${FAMILIES_PAGE_SIZE} offset ${(page - 1) * FAMILIES_PAGE_SIZE}
    )
    select f.id, f.name, f.status,
      o.display_name as "ownerName",
      coalesce(o.email, oi.email) as "ownerEmail",
      (o.id is null and oi.id is not null) as "waitingForOwner",
      oi.id as "ownerInviteId",
      (select count(*) from members m where m.family_id = f.id and m.status = 'active')::int as "activeMembers",
      (select count(*) from invites i where i.family_id = f.id and i.status = 'pending' and i.expires_at > ${now.toISOString()}::timestamptz)::int as "pendingInvites",
      coalesce(f.seat_limit, t.seat_limit) as "seatLimit",
      (coalesce((select sum(m.quota_bytes) from members m where m.family_id = f.id and m.status = 'active'), 0)
        + coalesce((select sum(i.quota_bytes) from invites i where i.family_id = f.id and i.status = 'pending' and i.expires_at > ${now.toISOString()}::timestamptz), 0))::bigint
        as "allocatedBytes",
      f.storage_allowance_bytes as "allowanceBytes",
      p.total as "total"
    from page p
    join families f on f.id = p.id
    join tenants t on t.id = f.tenant_id
    ${ownerJoins}
    order by f.id desc
  `)) as unknown as (Omit<TenantFamilyRow, "allocatedBytes" | "allowanceBytes"> & {
    allocatedBytes: string;
    allowanceBytes: string;
    total: number;
  })[];
  const total = rows[0]?.total ?? 0;
  return {
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      ownerName: row.ownerName,
      ownerEmail: row.ownerEmail,
      waitingForOwner: row.waitingForOwner,
      ownerInviteId: row.ownerInviteId,
      activeMembers: row.activeMembers,
      pendingInvites: row.pendingInvites,
      seatLimit: Number(row.seatLimit),
      allocatedBytes: Number(row.allocatedBytes),
      allowanceBytes: Number(row.allowanceBytes),
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / FAMILIES_PAGE_SIZE)),
  };
}
