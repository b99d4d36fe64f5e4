ALTER TYPE "public"."family_status" ADD VALUE 'closed';--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "restorable_until" timestamp with time zone;