CREATE TABLE "tenant_checks" (
	"tenant_id" integer PRIMARY KEY NOT NULL,
	"wiring" jsonb,
	"wiring_checked_at" timestamp with time zone,
	"drift_started_at" timestamp with time zone,
	"drift_finished_at" timestamp with time zone,
	"drift_error" text,
	"drift_duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "tenant_drift" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "tenant_drift_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"tenant_id" integer NOT NULL,
	"kind" text NOT NULL,
	"subject_key" text NOT NULL,
	"member_id" integer,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"fix_requested_at" timestamp with time zone,
	"ignored_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "immich_oauth_client_id" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "immich_oauth_client_secret_encrypted" text;--> statement-breakpoint
ALTER TABLE "tenant_checks" ADD CONSTRAINT "tenant_checks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_drift" ADD CONSTRAINT "tenant_drift_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tenant_drift" ADD CONSTRAINT "tenant_drift_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_drift_open_key" ON "tenant_drift" USING btree ("tenant_id","kind","subject_key") WHERE "tenant_drift"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "tenant_drift_listed_idx" ON "tenant_drift" USING btree ("tenant_id","kind","id") WHERE "tenant_drift"."resolved_at" is null and "tenant_drift"."ignored_at" is null;