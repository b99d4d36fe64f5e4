ALTER TABLE "tenants" RENAME COLUMN "authentik_group_name" TO "identity_group_name";--> statement-breakpoint
ALTER TABLE "tenants" RENAME COLUMN "authentik_group_id" TO "identity_group_id";--> statement-breakpoint
ALTER TABLE "members" RENAME COLUMN "authentik_sub" TO "identity_sub";--> statement-breakpoint
ALTER TABLE "members" RENAME COLUMN "authentik_user_pk" TO "identity_account_id";--> statement-breakpoint
ALTER TABLE "members" ALTER COLUMN "identity_account_id" SET DATA TYPE text USING "identity_account_id"::text;--> statement-breakpoint
ALTER TABLE "invites" RENAME COLUMN "authentik_invitation_id" TO "identity_invitation_id";--> statement-breakpoint
DROP INDEX "members_family_sub_key";--> statement-breakpoint
DROP INDEX "members_sub_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "members_family_sub_key" ON "members" USING btree ("family_id","identity_sub");--> statement-breakpoint
CREATE INDEX "members_sub_idx" ON "members" USING btree ("identity_sub","status");