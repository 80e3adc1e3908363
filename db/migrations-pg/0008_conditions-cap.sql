CREATE TABLE "client_links" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"decision_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"email" text COLLATE "C" NOT NULL,
	"token_hash" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL,
	"revoked_at" text COLLATE "C",
	CONSTRAINT "client_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "condition_updates" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"condition_id" text COLLATE "C" NOT NULL,
	"link_id" text COLLATE "C" NOT NULL,
	"document_id" text COLLATE "C",
	"note" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conditions" ADD COLUMN "proposal" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "conditions" ADD COLUMN "proposed_by" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "conditions" ADD COLUMN "proposed_at" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "conditions" ADD COLUMN "proposal_comment" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "conditions" ADD COLUMN "proposal_document_id" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_links" ADD CONSTRAINT "client_links_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition_updates" ADD CONSTRAINT "condition_updates_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition_updates" ADD CONSTRAINT "condition_updates_condition_id_conditions_id_fk" FOREIGN KEY ("condition_id") REFERENCES "public"."conditions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition_updates" ADD CONSTRAINT "condition_updates_link_id_client_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "public"."client_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition_updates" ADD CONSTRAINT "condition_updates_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "client_links_institution_decision" ON "client_links" USING btree ("institution_id","decision_id");--> statement-breakpoint
CREATE INDEX "condition_updates_institution_condition" ON "condition_updates" USING btree ("institution_id","condition_id","created_at");