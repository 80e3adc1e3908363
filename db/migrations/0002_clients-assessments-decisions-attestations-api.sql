CREATE TABLE `answer_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`answers` text NOT NULL,
	`signatory` text NOT NULL,
	`attestation_text` text NOT NULL,
	`questionnaire_sha256` text NOT NULL,
	`submitted_at` text NOT NULL,
	`submitted_by` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `answer_sets_institution_assessment` ON `answer_sets` (`institution_id`,`assessment_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`can_read_audit` integer DEFAULT false NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_institution` ON `api_keys` (`institution_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`questionnaire_key` text NOT NULL,
	`questionnaire_version` integer NOT NULL,
	`questionnaire_sha256` text NOT NULL,
	`status` text NOT NULL,
	`language` text NOT NULL,
	`due_date` text NOT NULL,
	`expires_at` text NOT NULL,
	`sent_by` text NOT NULL,
	`sent_at` text NOT NULL,
	`started_at` text,
	`submitted_at` text,
	`previous_assessment_id` text,
	`signatory` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assessments_institution_client` ON `assessments` (`institution_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `assessments_institution_status` ON `assessments` (`institution_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `assessments_status_due` ON `assessments` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `attestations` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`key_id` text NOT NULL,
	`language` text NOT NULL,
	`pdf` blob NOT NULL,
	`sha256` text NOT NULL,
	`issued_at` text NOT NULL,
	`valid_until` text NOT NULL,
	`revoked_at` text,
	`revoked_by` text,
	`revocation_reason` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`key_id`) REFERENCES `signing_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attestations_institution_client` ON `attestations` (`institution_id`,`client_id`,`issued_at`);--> statement-breakpoint
CREATE INDEX `attestations_institution_issued` ON `attestations` (`institution_id`,`issued_at`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`sector` text NOT NULL,
	`registration_number` text,
	`contact_name` text,
	`contact_email` text NOT NULL,
	`sourcing_countries` text NOT NULL,
	`goods` text NOT NULL,
	`rm_user_id` text,
	`inherent_risk` text NOT NULL,
	`residual_risk` text,
	`gate` text DEFAULT 'closed' NOT NULL,
	`gate_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rm_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clients_institution_name` ON `clients` (`institution_id`,`name`);--> statement-breakpoint
CREATE INDEX `clients_institution_gate` ON `clients` (`institution_id`,`gate`);--> statement-breakpoint
CREATE INDEX `clients_institution_residual` ON `clients` (`institution_id`,`residual_risk`);--> statement-breakpoint
CREATE INDEX `clients_institution_country` ON `clients` (`institution_id`,`country`);--> statement-breakpoint
CREATE INDEX `clients_institution_sector` ON `clients` (`institution_id`,`sector`);--> statement-breakpoint
CREATE INDEX `clients_institution_rm` ON `clients` (`institution_id`,`rm_user_id`);--> statement-breakpoint
CREATE TABLE `conditions` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`decision_id` text NOT NULL,
	`client_id` text NOT NULL,
	`question_id` text,
	`text` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`met_at` text,
	`met_by` text,
	`met_note` text,
	`met_document_id` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conditions_institution_decision` ON `conditions` (`institution_id`,`decision_id`);--> statement-breakpoint
CREATE INDEX `conditions_institution_status_due` ON `conditions` (`institution_id`,`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`result_id` text NOT NULL,
	`outcome` text NOT NULL,
	`recommendation` text NOT NULL,
	`residual_risk` text NOT NULL,
	`rationale` text NOT NULL,
	`justification` text,
	`status` text NOT NULL,
	`proposed_by` text NOT NULL,
	`proposed_at` text NOT NULL,
	`reviewed_by` text,
	`reviewed_at` text,
	`review_comment` text,
	`valid_from` text,
	`valid_until` text,
	`validity_months` integer NOT NULL,
	`superseded_by` text,
	`policy` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`result_id`) REFERENCES `results`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decisions_institution_client` ON `decisions` (`institution_id`,`client_id`,`proposed_at`);--> statement-breakpoint
CREATE INDEX `decisions_institution_status` ON `decisions` (`institution_id`,`status`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`uploaded_by` text,
	`review_state` text DEFAULT 'pending' NOT NULL,
	`review_reason` text,
	`reviewed_by` text,
	`reviewed_at` text,
	`removed_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_institution_assessment` ON `documents` (`institution_id`,`assessment_id`);--> statement-breakpoint
CREATE TABLE `draft_answers` (
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`question_id` text NOT NULL,
	`value` text,
	`evidence` text NOT NULL,
	`comment` text,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `draft_answers_pk` ON `draft_answers` (`institution_id`,`assessment_id`,`question_id`);--> statement-breakpoint
CREATE TABLE `financial_observations` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`codes` text NOT NULL,
	`note` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`referred_to` text,
	`referral` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `financial_observations_institution_client` ON `financial_observations` (`institution_id`,`client_id`);--> statement-breakpoint
CREATE TABLE `gate_events` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`client_id` text NOT NULL,
	`gate` text NOT NULL,
	`reason` text NOT NULL,
	`previous_gate` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gate_events_institution_client` ON `gate_events` (`institution_id`,`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`institution_id` text NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_pk` ON `idempotency_keys` (`institution_id`,`key`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`kind` text NOT NULL,
	`sent_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_pk` ON `reminders` (`institution_id`,`assessment_id`,`kind`);--> statement-breakpoint
CREATE TABLE `respondent_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`respondent_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`respondent_id`) REFERENCES `respondents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `respondent_sessions_respondent` ON `respondent_sessions` (`respondent_id`);--> statement-breakpoint
CREATE TABLE `respondents` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`is_primary` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_seen_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `respondents_token_hash_unique` ON `respondents` (`token_hash`);--> statement-breakpoint
CREATE INDEX `respondents_institution_assessment` ON `respondents` (`institution_id`,`assessment_id`);--> statement-breakpoint
CREATE TABLE `results` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`answer_set_id` text NOT NULL,
	`result` text NOT NULL,
	`engine_version` text NOT NULL,
	`overall_score_tenths` integer,
	`band` text,
	`residual_risk` text NOT NULL,
	`recommendation` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answer_set_id`) REFERENCES `answer_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `results_institution_assessment` ON `results` (`institution_id`,`assessment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `review_comments` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`answer_set_id` text,
	`question_id` text NOT NULL,
	`comment` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assessment_id`) REFERENCES `assessments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answer_set_id`) REFERENCES `answer_sets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `review_comments_institution_assessment` ON `review_comments` (`institution_id`,`assessment_id`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`certificate_pem` text NOT NULL,
	`public_key_pem` text NOT NULL,
	`encrypted_private_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`created_at` text NOT NULL,
	`retired_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signing_keys_institution` ON `signing_keys` (`institution_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`webhook_id` text NOT NULL,
	`event` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_status_code` integer,
	`last_response` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`delivered_at` text,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`webhook_id`) REFERENCES `webhooks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_institution_webhook` ON `webhook_deliveries` (`institution_id`,`webhook_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_status_next` ON `webhook_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`institution_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`encrypted_secret` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhooks_institution` ON `webhooks` (`institution_id`);