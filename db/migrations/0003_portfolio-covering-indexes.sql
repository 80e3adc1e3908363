DROP INDEX `clients_institution_gate`;--> statement-breakpoint
DROP INDEX `clients_institution_residual`;--> statement-breakpoint
CREATE INDEX `clients_institution_gate` ON `clients` (`institution_id`,`gate`,`id`);--> statement-breakpoint
CREATE INDEX `clients_institution_residual` ON `clients` (`institution_id`,`residual_risk`,`id`);--> statement-breakpoint
DROP INDEX `conditions_institution_status_due`;--> statement-breakpoint
CREATE INDEX `conditions_institution_status_due` ON `conditions` (`institution_id`,`status`,`due_date`,`decision_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `decisions_id_status` ON `decisions` (`id`,`status`);