CREATE TABLE "institution_revisions" (
	"scope" text COLLATE "C" PRIMARY KEY NOT NULL,
	"revision" integer NOT NULL
);
