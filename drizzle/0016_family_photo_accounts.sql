CREATE TYPE "public"."family_photo_account_kind" AS ENUM('library', 'guest');--> statement-breakpoint
CREATE TABLE "family_photo_accounts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "family_photo_accounts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" integer NOT NULL,
	"family_id" integer NOT NULL,
	"kind" "family_photo_account_kind" NOT NULL,
	"subject" text NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_encrypted" text NOT NULL,
	"immich_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "previous_sharing_mode" "sharing_mode";--> statement-breakpoint
ALTER TABLE "families" ADD COLUMN "sharing_mode_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "family_photo_accounts" ADD CONSTRAINT "family_photo_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_photo_accounts" ADD CONSTRAINT "family_photo_accounts_family_id_families_id_fk" FOREIGN KEY ("family_id") REFERENCES "public"."families"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "family_photo_accounts_family_kind_key" ON "family_photo_accounts" USING btree ("family_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "family_photo_accounts_subject_key" ON "family_photo_accounts" USING btree ("subject");--> statement-breakpoint
CREATE UNIQUE INDEX "family_photo_accounts_email_key" ON "family_photo_accounts" USING btree ("tenant_id",lower("email"));