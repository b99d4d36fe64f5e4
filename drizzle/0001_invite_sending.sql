ALTER TABLE "invites" ADD COLUMN "send_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "invites" ADD COLUMN "mail_sent_at" timestamp with time zone;