CREATE TABLE "answer_sets" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"answers" jsonb NOT NULL,
	"signatory" jsonb NOT NULL,
	"attestation_text" text COLLATE "C" NOT NULL,
	"questionnaire_sha256" text COLLATE "C" NOT NULL,
	"submitted_at" text COLLATE "C" NOT NULL,
	"submitted_by" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"scope" text COLLATE "C" NOT NULL,
	"can_read_audit" boolean DEFAULT false NOT NULL,
	"prefix" text COLLATE "C" NOT NULL,
	"key_hash" text COLLATE "C" NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"last_used_at" text COLLATE "C",
	"revoked_at" text COLLATE "C",
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "assessments" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"questionnaire_key" text COLLATE "C" NOT NULL,
	"questionnaire_version" integer NOT NULL,
	"questionnaire_sha256" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"language" text COLLATE "C" NOT NULL,
	"due_date" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL,
	"sent_by" text COLLATE "C" NOT NULL,
	"sent_at" text COLLATE "C" NOT NULL,
	"started_at" text COLLATE "C",
	"submitted_at" text COLLATE "C",
	"previous_assessment_id" text COLLATE "C",
	"signatory" jsonb,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attestations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"decision_id" text COLLATE "C" NOT NULL,
	"key_id" text COLLATE "C" NOT NULL,
	"language" text COLLATE "C" NOT NULL,
	"pdf" "bytea" NOT NULL,
	"sha256" text COLLATE "C" NOT NULL,
	"issued_at" text COLLATE "C" NOT NULL,
	"valid_until" text COLLATE "C" NOT NULL,
	"revoked_at" text COLLATE "C",
	"revoked_by" text COLLATE "C",
	"revocation_reason" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"chain" text COLLATE "C" NOT NULL,
	"seq" integer NOT NULL,
	"hash" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"key_id" text COLLATE "C" NOT NULL,
	"mac" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"chain" text COLLATE "C" NOT NULL,
	"seq" integer NOT NULL,
	"institution_id" text COLLATE "C",
	"actor_type" text COLLATE "C" NOT NULL,
	"actor_id" text COLLATE "C",
	"action" text COLLATE "C" NOT NULL,
	"subject_type" text COLLATE "C" NOT NULL,
	"subject_id" text COLLATE "C",
	"before" jsonb,
	"after" jsonb,
	"reason" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL,
	"prev_hash" text COLLATE "C" NOT NULL,
	"hash" text COLLATE "C" NOT NULL,
	"format" integer DEFAULT 1 NOT NULL,
	"key_id" text COLLATE "C",
	"mac" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"country" text COLLATE "C" NOT NULL,
	"sector" text COLLATE "C" NOT NULL,
	"registration_number" text COLLATE "C",
	"contact_name" text COLLATE "C",
	"contact_email" text COLLATE "C" NOT NULL,
	"sourcing_countries" jsonb NOT NULL,
	"goods" jsonb NOT NULL,
	"rm_user_id" text COLLATE "C",
	"inherent_risk" text COLLATE "C" NOT NULL,
	"residual_risk" text COLLATE "C",
	"gate" text COLLATE "C" DEFAULT 'closed' NOT NULL,
	"gate_reason" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conditions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"decision_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"question_id" text COLLATE "C",
	"text" text COLLATE "C" NOT NULL,
	"due_date" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" DEFAULT 'open' NOT NULL,
	"met_at" text COLLATE "C",
	"met_by" text COLLATE "C",
	"met_note" text COLLATE "C",
	"met_document_id" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"result_id" text COLLATE "C" NOT NULL,
	"outcome" text COLLATE "C" NOT NULL,
	"recommendation" text COLLATE "C" NOT NULL,
	"residual_risk" text COLLATE "C" NOT NULL,
	"rationale" text COLLATE "C" NOT NULL,
	"justification" text COLLATE "C",
	"status" text COLLATE "C" NOT NULL,
	"proposed_by" text COLLATE "C" NOT NULL,
	"proposed_at" text COLLATE "C" NOT NULL,
	"reviewed_by" text COLLATE "C",
	"reviewed_at" text COLLATE "C",
	"review_comment" text COLLATE "C",
	"valid_from" text COLLATE "C",
	"valid_until" text COLLATE "C",
	"validity_months" integer NOT NULL,
	"superseded_by" text COLLATE "C",
	"policy" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"sha256" text COLLATE "C" NOT NULL,
	"file_name" text COLLATE "C" NOT NULL,
	"media_type" text COLLATE "C" NOT NULL,
	"size" integer NOT NULL,
	"uploaded_at" text COLLATE "C" NOT NULL,
	"uploaded_by" text COLLATE "C",
	"review_state" text COLLATE "C" DEFAULT 'pending' NOT NULL,
	"review_reason" text COLLATE "C",
	"reviewed_by" text COLLATE "C",
	"reviewed_at" text COLLATE "C",
	"removed_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "draft_answers" (
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"question_id" text COLLATE "C" NOT NULL,
	"value" jsonb,
	"evidence" jsonb NOT NULL,
	"comment" text COLLATE "C",
	"updated_at" text COLLATE "C" NOT NULL,
	"updated_by" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "financial_observations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"codes" jsonb NOT NULL,
	"note" text COLLATE "C" NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"referred_to" text COLLATE "C",
	"referral" jsonb
);
--> statement-breakpoint
CREATE TABLE "gate_events" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"gate" text COLLATE "C" NOT NULL,
	"reason" text COLLATE "C" NOT NULL,
	"previous_gate" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"institution_id" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"method" text COLLATE "C" NOT NULL,
	"path" text COLLATE "C" NOT NULL,
	"request_hash" text COLLATE "C" NOT NULL,
	"status" integer NOT NULL,
	"response_body" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"slug" text COLLATE "C" NOT NULL,
	"default_language" text COLLATE "C" DEFAULT 'en' NOT NULL,
	"financial_crime_email" text COLLATE "C",
	"policy" jsonb,
	"created_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "institutions_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"token_hash" text COLLATE "C" NOT NULL,
	"invited_by" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL,
	"accepted_at" text COLLATE "C",
	"revoked_at" text COLLATE "C",
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"role" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"deactivated_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"to_address" text COLLATE "C" NOT NULL,
	"subject" text COLLATE "C" NOT NULL,
	"body" text COLLATE "C" NOT NULL,
	"sealed_body" text COLLATE "C",
	"language" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text COLLATE "C",
	"next_attempt_at" text COLLATE "C" NOT NULL,
	"sent_at" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"sent_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "respondent_sessions" (
	"id_hash" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"respondent_id" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "respondents" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"email" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C",
	"is_primary" boolean NOT NULL,
	"token_hash" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"revoked_at" text COLLATE "C",
	"last_seen_at" text COLLATE "C",
	CONSTRAINT "respondents_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "results" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"answer_set_id" text COLLATE "C" NOT NULL,
	"result" jsonb NOT NULL,
	"engine_version" text COLLATE "C" NOT NULL,
	"overall_score_tenths" integer,
	"band" text COLLATE "C",
	"residual_risk" text COLLATE "C" NOT NULL,
	"recommendation" text COLLATE "C" NOT NULL,
	"reason" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_comments" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"assessment_id" text COLLATE "C" NOT NULL,
	"answer_set_id" text COLLATE "C",
	"question_id" text COLLATE "C" NOT NULL,
	"comment" text COLLATE "C" NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id_hash" text COLLATE "C" PRIMARY KEY NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL,
	"verified_at" text COLLATE "C" NOT NULL,
	"user_agent" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"certificate_pem" text COLLATE "C" NOT NULL,
	"public_key_pem" text COLLATE "C" NOT NULL,
	"encrypted_private_key" text COLLATE "C" NOT NULL,
	"fingerprint" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"retired_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"email" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"password_hash" text COLLATE "C",
	"is_active" boolean DEFAULT true NOT NULL,
	"language" text COLLATE "C" DEFAULT 'en' NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"webhook_id" text COLLATE "C" NOT NULL,
	"event" text COLLATE "C" NOT NULL,
	"payload" text COLLATE "C" NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" text COLLATE "C" NOT NULL,
	"last_status_code" integer,
	"last_response" text COLLATE "C",
	"last_error" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL,
	"delivered_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "webhooks" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"url" text COLLATE "C" NOT NULL,
	"events" jsonb NOT NULL,
	"encrypted_secret" text COLLATE "C" NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_by" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "answer_sets" ADD CONSTRAINT "answer_sets_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_sets" ADD CONSTRAINT "answer_sets_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attestations" ADD CONSTRAINT "attestations_key_id_signing_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."signing_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_rm_user_id_users_id_fk" FOREIGN KEY ("rm_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conditions" ADD CONSTRAINT "conditions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_result_id_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "public"."results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_answers" ADD CONSTRAINT "draft_answers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_answers" ADD CONSTRAINT "draft_answers_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial_observations" ADD CONSTRAINT "financial_observations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial_observations" ADD CONSTRAINT "financial_observations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "financial_observations" ADD CONSTRAINT "financial_observations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_events" ADD CONSTRAINT "gate_events_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_events" ADD CONSTRAINT "gate_events_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondent_sessions" ADD CONSTRAINT "respondent_sessions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondent_sessions" ADD CONSTRAINT "respondent_sessions_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondent_sessions" ADD CONSTRAINT "respondent_sessions_respondent_id_respondents_id_fk" FOREIGN KEY ("respondent_id") REFERENCES "public"."respondents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "respondents" ADD CONSTRAINT "respondents_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_answer_set_id_answer_sets_id_fk" FOREIGN KEY ("answer_set_id") REFERENCES "public"."answer_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_answer_set_id_answer_sets_id_fk" FOREIGN KEY ("answer_set_id") REFERENCES "public"."answer_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_keys" ADD CONSTRAINT "signing_keys_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_sets_institution_assessment" ON "answer_sets" USING btree ("institution_id","assessment_id","submitted_at");--> statement-breakpoint
CREATE INDEX "api_keys_institution" ON "api_keys" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "assessments_institution_client" ON "assessments" USING btree ("institution_id","client_id");--> statement-breakpoint
CREATE INDEX "assessments_institution_status" ON "assessments" USING btree ("institution_id","status","due_date");--> statement-breakpoint
CREATE INDEX "assessments_status_due" ON "assessments" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "attestations_institution_client" ON "attestations" USING btree ("institution_id","client_id","issued_at");--> statement-breakpoint
CREATE INDEX "attestations_institution_issued" ON "attestations" USING btree ("institution_id","issued_at");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_checkpoints_chain_seq" ON "audit_checkpoints" USING btree ("chain","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_events_chain_seq" ON "audit_events" USING btree ("chain","seq");--> statement-breakpoint
CREATE INDEX "audit_events_institution_created" ON "audit_events" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "clients_institution_name" ON "clients" USING btree ("institution_id","name");--> statement-breakpoint
CREATE INDEX "clients_institution_gate" ON "clients" USING btree ("institution_id","gate","id");--> statement-breakpoint
CREATE INDEX "clients_institution_residual" ON "clients" USING btree ("institution_id","residual_risk","id");--> statement-breakpoint
CREATE INDEX "clients_institution_country" ON "clients" USING btree ("institution_id","country");--> statement-breakpoint
CREATE INDEX "clients_institution_sector" ON "clients" USING btree ("institution_id","sector");--> statement-breakpoint
CREATE INDEX "clients_institution_rm" ON "clients" USING btree ("institution_id","rm_user_id");--> statement-breakpoint
CREATE INDEX "conditions_institution_decision" ON "conditions" USING btree ("institution_id","decision_id");--> statement-breakpoint
CREATE INDEX "conditions_institution_status_due" ON "conditions" USING btree ("institution_id","status","due_date","decision_id","client_id");--> statement-breakpoint
CREATE INDEX "decisions_institution_client" ON "decisions" USING btree ("institution_id","client_id","proposed_at");--> statement-breakpoint
CREATE INDEX "decisions_institution_status" ON "decisions" USING btree ("institution_id","status");--> statement-breakpoint
CREATE INDEX "decisions_id_status" ON "decisions" USING btree ("id","status");--> statement-breakpoint
CREATE INDEX "documents_institution_assessment" ON "documents" USING btree ("institution_id","assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "draft_answers_pk" ON "draft_answers" USING btree ("institution_id","assessment_id","question_id");--> statement-breakpoint
CREATE INDEX "financial_observations_institution_client" ON "financial_observations" USING btree ("institution_id","client_id");--> statement-breakpoint
CREATE INDEX "gate_events_institution_client" ON "gate_events" USING btree ("institution_id","client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_keys_pk" ON "idempotency_keys" USING btree ("institution_id","key");--> statement-breakpoint
CREATE INDEX "invitations_institution" ON "invitations" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "memberships_institution_user_role" ON "memberships" USING btree ("institution_id","user_id","role");--> statement-breakpoint
CREATE INDEX "memberships_user" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_institution_created" ON "outbox" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_status_next" ON "outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_pk" ON "reminders" USING btree ("institution_id","assessment_id","kind");--> statement-breakpoint
CREATE INDEX "respondent_sessions_respondent" ON "respondent_sessions" USING btree ("respondent_id");--> statement-breakpoint
CREATE INDEX "respondents_institution_assessment" ON "respondents" USING btree ("institution_id","assessment_id");--> statement-breakpoint
CREATE INDEX "results_institution_assessment" ON "results" USING btree ("institution_id","assessment_id","created_at");--> statement-breakpoint
CREATE INDEX "review_comments_institution_assessment" ON "review_comments" USING btree ("institution_id","assessment_id");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "signing_keys_institution" ON "signing_keys" USING btree ("institution_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_institution_webhook" ON "webhook_deliveries" USING btree ("institution_id","webhook_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_status_next" ON "webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhooks_institution" ON "webhooks" USING btree ("institution_id");