CREATE TABLE "condition_reminders" (
	"institution_id" text COLLATE "C" NOT NULL,
	"condition_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"sent_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"institution_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"by_email" boolean NOT NULL,
	"updated_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"institution_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"params" text COLLATE "C" NOT NULL,
	"read_at" text COLLATE "C",
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "institutions" ADD COLUMN "time_zone" text COLLATE "C" DEFAULT 'America/Mexico_City' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "attachment" jsonb;--> statement-breakpoint
ALTER TABLE "condition_reminders" ADD CONSTRAINT "condition_reminders_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "condition_reminders" ADD CONSTRAINT "condition_reminders_condition_id_conditions_id_fk" FOREIGN KEY ("condition_id") REFERENCES "public"."conditions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "condition_reminders_pk" ON "condition_reminders" USING btree ("institution_id","condition_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_preferences_pk" ON "notification_preferences" USING btree ("institution_id","user_id","kind");--> statement-breakpoint
CREATE INDEX "notifications_institution_user_created" ON "notifications" USING btree ("institution_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_institution_user_read" ON "notifications" USING btree ("institution_id","user_id","read_at");