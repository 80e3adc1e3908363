CREATE TABLE "screening_dispositions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"hit_id" text COLLATE "C" NOT NULL,
	"disposition" text COLLATE "C" NOT NULL,
	"reason" text COLLATE "C" NOT NULL,
	"decided_by" text COLLATE "C" NOT NULL,
	"decided_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_entries" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"list_id" text COLLATE "C" NOT NULL,
	"entry_key" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"aliases" jsonb NOT NULL,
	"country" text COLLATE "C",
	"listed_date" text COLLATE "C",
	"details" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "screening_hits" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"client_id" text COLLATE "C" NOT NULL,
	"subject_kind" text COLLATE "C" NOT NULL,
	"subject_name" text COLLATE "C" NOT NULL,
	"subject_key" text COLLATE "C" NOT NULL,
	"list_id" text COLLATE "C" NOT NULL,
	"list_kind" text COLLATE "C" NOT NULL,
	"list_name" text COLLATE "C" NOT NULL,
	"entry_key" text COLLATE "C" NOT NULL,
	"listed_name" text COLLATE "C" NOT NULL,
	"matched_name" text COLLATE "C" NOT NULL,
	"listed_country" text COLLATE "C",
	"listed_date" text COLLATE "C",
	"score" integer NOT NULL,
	"status" text COLLATE "C" NOT NULL,
	"is_current" boolean NOT NULL,
	"assessment_id" text COLLATE "C",
	"found_at" text COLLATE "C" NOT NULL,
	"screened_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_lists" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"source_url" text COLLATE "C" NOT NULL,
	"retrieved_date" text COLLATE "C" NOT NULL,
	"sha256" text COLLATE "C" NOT NULL,
	"entry_count" integer NOT NULL,
	"is_sample" boolean NOT NULL,
	"imported_at" text COLLATE "C" NOT NULL,
	"imported_by" text COLLATE "C"
);
--> statement-breakpoint
ALTER TABLE "screening_dispositions" ADD CONSTRAINT "screening_dispositions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_dispositions" ADD CONSTRAINT "screening_dispositions_hit_id_screening_hits_id_fk" FOREIGN KEY ("hit_id") REFERENCES "public"."screening_hits"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_dispositions" ADD CONSTRAINT "screening_dispositions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_entries" ADD CONSTRAINT "screening_entries_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_entries" ADD CONSTRAINT "screening_entries_list_id_screening_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."screening_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_hits" ADD CONSTRAINT "screening_hits_list_id_screening_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."screening_lists"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_lists" ADD CONSTRAINT "screening_lists_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_lists" ADD CONSTRAINT "screening_lists_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "screening_dispositions_institution_hit" ON "screening_dispositions" USING btree ("institution_id","hit_id");--> statement-breakpoint
CREATE INDEX "screening_entries_institution_list" ON "screening_entries" USING btree ("institution_id","list_id");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_hits_subject_entry" ON "screening_hits" USING btree ("institution_id","client_id","subject_kind","subject_key","list_id","entry_key");--> statement-breakpoint
CREATE INDEX "screening_hits_institution_status" ON "screening_hits" USING btree ("institution_id","status","is_current");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_lists_institution_kind_name" ON "screening_lists" USING btree ("institution_id","kind","name");