ALTER TABLE "members" ADD COLUMN "mfa_enrolled" boolean;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "usage_bytes" bigint;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "live_checked_at" timestamp with time zone;