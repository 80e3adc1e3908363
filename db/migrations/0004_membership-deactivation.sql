ALTER TABLE `memberships` ADD `deactivated_at` text;--> statement-breakpoint
-- Deactivation moves from the person to the membership: whoever was deactivated stays
-- deactivated in every institution they belong to, and each institution's admin can now
-- reactivate them there alone.
UPDATE `memberships` SET `deactivated_at` = (SELECT `updated_at` FROM `users` WHERE `users`.`id` = `memberships`.`user_id`) WHERE `user_id` IN (SELECT `id` FROM `users` WHERE `is_active` = 0);--> statement-breakpoint
UPDATE `users` SET `is_active` = 1 WHERE `is_active` = 0;
