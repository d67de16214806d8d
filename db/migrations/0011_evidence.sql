CREATE TABLE "evidence_manifests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_manifests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"run_id" integer NOT NULL,
	"manifest" "bytea" NOT NULL,
	"hash" text NOT NULL,
	"previous_hash" text,
	"root" text NOT NULL,
	"tree_size" integer NOT NULL,
	"signature" "bytea" NOT NULL,
	"public_key" text NOT NULL,
	"timestamp" "bytea",
	"sealed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evidence_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evidence_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" integer NOT NULL,
	"warc_type" text NOT NULL,
	"record_id" text NOT NULL,
	"target_uri" text,
	"entity_id" text,
	"warc_date" timestamp with time zone NOT NULL,
	"payload_sha256" text,
	"refers_to" text,
	"record" "bytea" NOT NULL,
	"record_sha256" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_manifests_run" ON "evidence_manifests" USING btree ("run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_manifests_hash" ON "evidence_manifests" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "evidence_records_record_id" ON "evidence_records" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "evidence_records_run_idx" ON "evidence_records" USING btree ("run_id","id");--> statement-breakpoint
CREATE INDEX "evidence_records_entity_idx" ON "evidence_records" USING btree ("entity_id","id");--> statement-breakpoint
CREATE INDEX "evidence_records_payload_idx" ON "evidence_records" USING btree ("target_uri","payload_sha256");