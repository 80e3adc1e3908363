CREATE TABLE `client_links` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`client_id` text NOT NULL,
	`email` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_links_token_hash_unique` ON `client_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `client_links_institution_decision` ON `client_links` (`institution_id`,`decision_id`);--> statement-breakpoint
CREATE TABLE `condition_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`condition_id` text NOT NULL,
	`link_id` text NOT NULL,
	`document_id` text,
	`note` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`link_id`) REFERENCES `client_links`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_updates_institution_condition` ON `condition_updates` (`institution_id`,`condition_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `conditions` ADD `proposal` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `proposed_by` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `proposed_at` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `proposal_comment` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `proposal_document_id` text;