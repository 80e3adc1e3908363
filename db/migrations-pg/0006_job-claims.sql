ALTER TABLE "outbox" ADD COLUMN "claimed_by" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "claimed_until" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "claimed_by" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "claimed_until" text COLLATE "C";