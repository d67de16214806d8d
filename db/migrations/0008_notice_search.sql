DROP INDEX "notices_name_trgm_idx";--> statement-breakpoint
DROP INDEX "notices_search_idx";--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "search_name" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "name_words" text[];--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "surname_words" text[];--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "name_skeleton" text[];--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "name_compact" text;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "name_keys_version" smallint;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "search_charges" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(charges, '')) || to_tsvector('russian'::regconfig, coalesce(charges, '')) || to_tsvector('english'::regconfig, coalesce(charges, '')) || to_tsvector('spanish'::regconfig, coalesce(charges, '')) || to_tsvector('french'::regconfig, coalesce(charges, '')) || to_tsvector('turkish'::regconfig, coalesce(charges, '')) || to_tsvector('arabic'::regconfig, coalesce(charges, ''))) STORED;--> statement-breakpoint
CREATE INDEX "notices_name_words_idx" ON "notices" USING gin ("name_words") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "notices_name_skeleton_idx" ON "notices" USING gin ("name_skeleton") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "notices_name_compact_idx" ON "notices" USING btree ("name_compact");--> statement-breakpoint
CREATE INDEX "notices_search_name_trgm_idx" ON "notices" USING gin ("search_name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "notices_search_charges_idx" ON "notices" USING gin ("search_charges") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "notices_search_idx" ON "notices" USING gin ("search_text") WITH (fastupdate=false);