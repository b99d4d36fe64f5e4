import { sql } from "drizzle-orm";
import type { Database } from "../../lib/db/connect";

/** The size of a real service (issue 14). */
export const SIZES = {
  tenants: 20,
  families: 100_000,
  members: 400_000,
  invites: 150_000,
  auditEvents: 2_000_000,
  jobs: 500_000,
} as const;

export const BENCH_QUEUES = ["photos.provision-user", "identity.add-member-to-group", "mail.send-invite"] as const;

/**
 * Seeds SIZES with set-based SQL: four members per family (one owner), invites of which most
 * are past their expiry but still pending (as they were before the scheduled expiry), audit
 * events, and jobs both in the outbox and in pg-boss's job table (mostly completed, a few
 * failed or retrying, and a tenth already purged by pg-boss).
 */
export async function seed(db: Database): Promise<void> {
  const { tenants: t, families: f, members: m, invites: i, auditEvents: a, jobs: j } = SIZES;
  await db.execute(
    sql.raw(`
    insert into tenants (slug, display_name, immich_url, identity_group_name, seat_limit, default_family_storage_bytes)
      select 'bench-' || g, 'Bench ' || g, 'http://localhost:1/' || g, 'castello-tenant-bench-' || g, 8, 100000000000
      from generate_series(1, ${t}) g;
    insert into families (tenant_id, name, storage_allowance_bytes)
      select (select min(id) from tenants) + (g % ${t}), 'Family ' || g, 100000000000 from generate_series(1, ${f}) g;
    insert into members (tenant_id, family_id, identity_sub, identity_account_id, identity_username, email, display_name, role, quota_bytes, immich_user_id, mfa_enrolled, usage_bytes, live_checked_at)
      select fam.tenant_id, fam.id, 'sub-' || g, (1000000 + g)::text, 'user' || g, 'person' || g || '@example.eu', 'Person ' || g,
        case when g <= ${f} then 'owner'::family_role else 'member'::family_role end, 1000000000, 'immich-' || g,
        g % 3 > 0, (g % 1000) * 1000000, now() + interval '1 day'
      from generate_series(1, ${m}) g join families fam on fam.id = (select min(id) from families) + ((g - 1) % ${f});
    insert into invites (tenant_id, family_id, email, role, token_hash, expires_at, created_at)
      select fam.tenant_id, fam.id, 'invitee' || g || '@example.eu', 'member', 'bench-token-' || g,
        now() + case when g % 100 < 85 then interval '-3 days' else interval '5 days' end, now() - interval '4 days'
      from generate_series(1, ${i}) g join families fam on fam.id = (select min(id) from families) + ((g - 1) % ${f});
    insert into audit_events (tenant_id, family_id, actor_type, actor_sub, action, entity_type, entity_id, created_at)
      select fam.tenant_id, fam.id, 'member', 'sub-' || g % ${m}, 'invite.create', 'invite', g::text, now() - (1 + g % 400) * interval '1 day'
      from generate_series(1, ${a}) g join families fam on fam.id = (select min(id) from families) + (g % ${f});
    insert into outbox_jobs (queue, payload, dedupe_key, subject_type, subject_id, tenant_id, status, created_at, dispatched_at, finished_at)
      select (array['${BENCH_QUEUES.join("','")}'])[1 + g % 3], jsonb_build_object('memberId', mem.id), 'bench:' || g, 'member', mem.id::text, mem.tenant_id,
        case when g % 1000 = 0 then 'pending' when g % 10 = 0 then 'completed' else 'dispatched' end::outbox_status,
        now() - (g % 60) * interval '1 day', now() - (g % 60) * interval '1 day',
        case when g % 10 = 0 and g % 1000 <> 0 then now() - (g % 60) * interval '1 day' end
      from generate_series(1, ${j}) g join members mem on mem.id = (select min(id) from members) + (g % ${m});
  `),
  );
}

/** pg-boss's rows for the dispatched outbox jobs, as pg-boss would have them, bar the purged tenth. */
export async function seedBossJobs(db: Database): Promise<void> {
  await db.execute(
    sql.raw(`
    insert into pgboss.job (id, name, data, state, retry_count, retry_limit, start_after, created_on, started_on, completed_on, output)
      select o.id, o.queue, o.payload,
        case when n % 500 = 1 then 'failed' when n % 500 = 2 then 'retry' when n % 500 = 3 then 'active' else 'completed' end::pgboss.job_state,
        case when n % 500 in (1, 2) then 3 else 0 end, 20, o.created_at, o.created_at, o.created_at, o.created_at,
        case when n % 500 in (1, 2) then '{"message":"Immich did not answer"}'::jsonb end
      from (select *, row_number() over () as n from outbox_jobs where status = 'dispatched') o;
    update outbox_jobs set last_error = 'Immich did not answer', last_failed_at = created_at,
        status = case when id in (select id from pgboss.job where state = 'failed') then 'failed'::outbox_status else status end,
        finished_at = case when id in (select id from pgboss.job where state = 'failed') then created_at end
      where id in (select id from pgboss.job where state in ('failed', 'retry'));
  `),
  );
}
