CREATE TYPE "public"."family_status" AS ENUM('active', 'suspended');--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "status" "family_status" DEFAULT 'active' NOT NULL;