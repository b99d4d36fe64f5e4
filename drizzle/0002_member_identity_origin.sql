CREATE TYPE "public"."identity_origin" AS ENUM('enrollment', 'existing');--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "identity_origin" "identity_origin" DEFAULT 'existing' NOT NULL;