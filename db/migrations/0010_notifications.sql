CREATE TABLE `condition_reminders` (
	`institution_id` text NOT NULL,
	`condition_id` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `condition_reminders_pk` ON `condition_reminders` (`institution_id`,`condition_id`,`kind`);--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`institution_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`by_email` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_preferences_pk` ON `notification_preferences` (`institution_id`,`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`params` text NOT NULL,
	`read_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_institution_user_created` ON `notifications` (`institution_id`,`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_institution_user_read` ON `notifications` (`institution_id`,`user_id`,`read_at`);--> statement-breakpoint
ALTER TABLE `institutions` ADD `time_zone` text DEFAULT 'America/Mexico_City' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `attachment` text;