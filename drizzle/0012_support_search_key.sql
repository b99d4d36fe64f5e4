ALTER TABLE "members" ADD COLUMN "identity_username" text;--> statement-breakpoint
-- The support search (lib/support/search.ts) asks one trigram index per group, on a search key
-- that spells separators as letters and digits (searchKey there: keep the two the same).
DROP INDEX IF EXISTS "members_email_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "members_name_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "families_name_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "invites_email_trgm_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_search_trgm_idx" ON "members" USING gin ((replace(replace(replace(replace(replace(lower(email || ' ' || display_name || ' ' || coalesce(identity_username, '')), '@', 'q0q'), '.', 'q1q'), '_', 'q2q'), '-', 'q3q'), '+', 'q4q')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "families_search_trgm_idx" ON "families" USING gin ((replace(replace(replace(replace(replace(lower(name), '@', 'q0q'), '.', 'q1q'), '_', 'q2q'), '-', 'q3q'), '+', 'q4q')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invites_search_trgm_idx" ON "invites" USING gin ((replace(replace(replace(replace(replace(lower(email), '@', 'q0q'), '.', 'q1q'), '_', 'q2q'), '-', 'q3q'), '+', 'q4q')) gin_trgm_ops);
