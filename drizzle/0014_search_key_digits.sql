-- The support search's key spells separators as one digit each ("@" is "0"), not as runs like
-- "q0q" that were in every address (lib/support/search.ts, searchKey: keep the two the same).
DROP INDEX IF EXISTS "members_search_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "families_search_trgm_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "invites_search_trgm_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "members_search_trgm_idx" ON "members" USING gin ((translate(lower(email || ' ' || display_name || ' ' || coalesce(identity_username, '')), '@._-+', '01234')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "families_search_trgm_idx" ON "families" USING gin ((translate(lower(name), '@._-+', '01234')) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invites_search_trgm_idx" ON "invites" USING gin ((translate(lower(email), '@._-+', '01234')) gin_trgm_ops);
