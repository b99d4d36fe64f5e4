CREATE TABLE "profiles" (
	"identity_sub" text PRIMARY KEY NOT NULL,
	"locale" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "default_locale" text DEFAULT 'en' NOT NULL;