CREATE TABLE `audit_checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`chain` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`created_at` text NOT NULL,
	`key_id` text NOT NULL,
	`mac` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_checkpoints_chain_seq` ON `audit_checkpoints` (`chain`,`seq`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `format` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `mac` text;