-- The support console's search (lib/support/search.ts): substring matches on names and
-- addresses across every tenant, through trigram GIN indexes instead of sequential scans.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_email_trgm_idx" ON "members" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_name_trgm_idx" ON "members" USING gin (lower("display_name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "families_name_trgm_idx" ON "families" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invites_email_trgm_idx" ON "invites" USING gin (lower("email") gin_trgm_ops);
