ALTER TABLE "invites" ADD COLUMN "mail_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "mail_failure" text;