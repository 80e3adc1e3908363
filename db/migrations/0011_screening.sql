CREATE TABLE `screening_dispositions` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`hit_id` text NOT NULL,
	`disposition` text NOT NULL,
	`reason` text NOT NULL,
	`decided_by` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hit_id`) REFERENCES `screening_hits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screening_dispositions_institution_hit` ON `screening_dispositions` (`institution_id`,`hit_id`);--> statement-breakpoint
CREATE TABLE `screening_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`list_id` text NOT NULL,
	`entry_key` text NOT NULL,
	`name` text NOT NULL,
	`aliases` text NOT NULL,
	`country` text,
	`listed_date` text,
	`details` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screening_entries_institution_list` ON `screening_entries` (`institution_id`,`list_id`);--> statement-breakpoint
CREATE TABLE `screening_hits` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_name` text NOT NULL,
	`subject_key` text NOT NULL,
	`list_id` text NOT NULL,
	`list_kind` text NOT NULL,
	`list_name` text NOT NULL,
	`entry_key` text NOT NULL,
	`listed_name` text NOT NULL,
	`matched_name` text NOT NULL,
	`listed_country` text,
	`listed_date` text,
	`score` integer NOT NULL,
	`status` text NOT NULL,
	`is_current` integer NOT NULL,
	`assessment_id` text,
	`found_at` text NOT NULL,
	`screened_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`list_id`) REFERENCES `screening_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_hits_subject_entry` ON `screening_hits` (`institution_id`,`client_id`,`subject_kind`,`subject_key`,`list_id`,`entry_key`);--> statement-breakpoint
CREATE INDEX `screening_hits_institution_status` ON `screening_hits` (`institution_id`,`status`,`is_current`);--> statement-breakpoint
CREATE TABLE `screening_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`source_url` text NOT NULL,
	`retrieved_date` text NOT NULL,
	`sha256` text NOT NULL,
	`entry_count` integer NOT NULL,
	`is_sample` integer NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`imported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `screening_lists_institution_kind_name` ON `screening_lists` (`institution_id`,`kind`,`name`);