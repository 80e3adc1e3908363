ALTER TABLE `clients` ADD `name_search` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `registration_search` text;--> statement-breakpoint
CREATE INDEX `clients_institution_name_search` ON `clients` (`institution_id`,`name_search`);