ALTER TABLE "families" ADD COLUMN "seat_limit" integer;--> statement-breakpoint
ALTER TABLE "families" ADD CONSTRAINT "families_seat_limit_positive" CHECK ("families"."seat_limit" > 0);