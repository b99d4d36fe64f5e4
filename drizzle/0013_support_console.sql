CREATE TABLE "support_recovery_links" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "support_recovery_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"identity_sub" text NOT NULL,
	"identity_account_id" text NOT NULL,
	"requested_by_sub" text NOT NULL,
	"link_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ready_at" timestamp with time zone,
	"revealed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_suspensions" (
	"identity_sub" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"suspended_by_sub" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "support_recovery_links_person_idx" ON "support_recovery_links" USING btree ("identity_sub","requested_by_sub","created_at");--> statement-breakpoint
CREATE INDEX "invites_email_idx" ON "invites" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "invites_invited_by_idx" ON "invites" USING btree ("invited_by_member_id");