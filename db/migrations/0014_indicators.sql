CREATE TABLE "indicator_rule_sets" (
	"version" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicator_rule_sets_version_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"overrides" jsonb NOT NULL,
	"note" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_reviews" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notice_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity_id" text NOT NULL,
	"decision" text NOT NULL,
	"note" text,
	"reviewer_id" text NOT NULL,
	"notice_hash" text NOT NULL,
	"warrants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"score" smallint NOT NULL,
	"rule_version" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_scores" (
	"entity_id" text PRIMARY KEY NOT NULL,
	"score" smallint NOT NULL,
	"flagged" boolean NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rule_version" text NOT NULL,
	"notice_hash" text NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicator_rule_sets" ADD CONSTRAINT "indicator_rule_sets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_reviews" ADD CONSTRAINT "notice_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_reviews_entity_idx" ON "notice_reviews" USING btree ("entity_id","created_at");--> statement-breakpoint
CREATE INDEX "notice_scores_flagged_idx" ON "notice_scores" USING btree ("flagged","score");