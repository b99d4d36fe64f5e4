ALTER TYPE "public"."outbox_status" ADD VALUE 'completed';--> statement-breakpoint
ALTER TYPE "public"."outbox_status" ADD VALUE 'failed';--> statement-breakpoint
ALTER TABLE "outbox_jobs" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_jobs" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "outbox_jobs" ADD COLUMN "last_failed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "members_tenant_active_idx" ON "members" USING btree ("tenant_id") WHERE "members"."status" = 'active';--> statement-breakpoint
CREATE INDEX "invites_pending_tenant_idx" ON "invites" USING btree ("tenant_id") WHERE "invites"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "invites_pending_expiry_idx" ON "invites" USING btree ("expires_at") WHERE "invites"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_troubled_idx" ON "outbox_jobs" USING btree ("last_failed_at" DESC NULLS LAST) WHERE "outbox_jobs"."last_error" is not null;--> statement-breakpoint
CREATE INDEX "outbox_finished_idx" ON "outbox_jobs" USING btree ("finished_at") WHERE "outbox_jobs"."finished_at" is not null;