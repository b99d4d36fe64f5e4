ALTER TABLE "tenant_checks" ADD COLUMN "photos_health" jsonb;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD COLUMN "photos_health_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD COLUMN "families_count" integer;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD COLUMN "active_members_count" integer;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD COLUMN "pending_invites_count" integer;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD COLUMN "counted_at" timestamp with time zone;