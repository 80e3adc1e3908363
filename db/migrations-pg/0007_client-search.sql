ALTER TABLE "clients" ADD COLUMN "name_search" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "registration_search" text COLLATE "C";--> statement-breakpoint
CREATE INDEX "clients_institution_name_search" ON "clients" USING btree ("institution_id","name_search");