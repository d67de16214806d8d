CREATE TABLE "list_page_cache" (
	"key" text PRIMARY KEY NOT NULL,
	"etag" text,
	"last_modified" text,
	"body" "bytea" NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_images" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notice_images_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_id" text NOT NULL,
	"picture_id" text NOT NULL,
	"content_type" text,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"run_id" integer NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "baseline_added" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "partitions" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "dropped_partitions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "hidden" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "list_requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "detail_requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "image_requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "not_modified" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "requests_lower_bound" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "requests_ratio" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "images_stored" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "picture_id" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "detail_etag" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "detail_last_modified" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "images_for" text;--> statement-breakpoint
CREATE UNIQUE INDEX "notice_images_unique" ON "notice_images" USING btree ("entity_id","picture_id","sha256");--> statement-breakpoint
CREATE INDEX "notice_images_entity_idx" ON "notice_images" USING btree ("entity_id","fetched_at");