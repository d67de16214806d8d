-- Precedent search, fast (docs/decisions/012-precedent-search.md, "Narrow side table"). Searching the
-- `decisions` rows themselves read wide rows and rechecked, detoasted and decompressed the full texts'
-- vectors (tens of kilobytes each) for tens of thousands of matches. `decision_search` holds exactly
-- what matching, ranking and faceting need, one narrow row per decision, kept by a trigger after the
-- one of migration decision_search (which still computes search_head/search_full/search_names):
-- - the facet and visibility columns, copied;
-- - `head`: search_head as is (small: citation, body, summary, labels; ranked with ts_rank_cd);
-- - `words`: the full text's lexemes without positions (strip(search_full)), so a word is matched
--   by the GIN index alone, never rechecked;
-- - `head_pairs`, `full_pairs`: every two adjacent lexemes ("request 1 state"), so a two-word
--   phrase is matched by the index alone, exactly as `@@ 'request' <-> 'state'` would;
-- - `names`: search_names, for trigrams.
-- toast_tuple_target keeps the vectors out of line: scans and facet counts read ~100-byte rows.
CREATE TABLE "decision_search" (
	"id" integer PRIMARY KEY NOT NULL REFERENCES "decisions"("id") ON DELETE CASCADE,
	"visibility" text NOT NULL,
	"deleted_at" timestamp with time zone,
	"forum" text NOT NULL,
	"outcome" text NOT NULL,
	"jurisdiction" text,
	"requesting_country" text,
	"decided_sort" date,
	"grounds" text[] DEFAULT '{}'::text[] NOT NULL,
	"head" tsvector NOT NULL,
	"words" tsvector NOT NULL,
	"head_pairs" tsvector NOT NULL,
	"full_pairs" tsvector NOT NULL,
	"names" text NOT NULL
) WITH (toast_tuple_target = 128);--> statement-breakpoint
-- ...but never the small columns every match reads (grounds would otherwise go out of line too).
ALTER TABLE "decision_search" ALTER COLUMN "grounds" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "decision_search" ALTER COLUMN "visibility" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "decision_search" ALTER COLUMN "forum" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "decision_search" ALTER COLUMN "outcome" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "decision_search" ALTER COLUMN "jurisdiction" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "decision_search" ALTER COLUMN "requesting_country" SET STORAGE MAIN;--> statement-breakpoint
-- Adjacent lexemes as "a 1 b", from a vector's own positions, so a phrase's pairs match exactly where
-- PostgreSQL's `<->` would on the same vector. Only distance 1: wider gaps (a stop word inside a
-- phrase) cost as much again to index and are checked against the positions instead.
CREATE OR REPLACE FUNCTION a3_pairs(v tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH p AS MATERIALIZED (SELECT u.lexeme, q.pos::int AS pos FROM unnest(v) u, unnest(u.positions) q(pos))
  SELECT coalesce(array_to_tsvector(array_agg(a.lexeme || ' 1 ' || b.lexeme)), ''::tsvector)
  FROM p a JOIN p b ON b.pos = a.pos + 1
  WHERE octet_length(a.lexeme) + octet_length(b.lexeme) < 2000
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION decision_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_head IS NOT DISTINCT FROM OLD.search_head
     AND NEW.search_full IS NOT DISTINCT FROM OLD.search_full AND NEW.search_names IS NOT DISTINCT FROM OLD.search_names
     AND EXISTS (SELECT 1 FROM decision_search WHERE id = NEW.id) THEN
    -- Same text (a soft delete, a new visibility): the vectors stay.
    UPDATE decision_search SET visibility = NEW.visibility, deleted_at = NEW.deleted_at, forum = NEW.forum,
      outcome = NEW.outcome, jurisdiction = NEW.jurisdiction, requesting_country = NEW.requesting_country,
      decided_sort = NEW.decided_sort, grounds = NEW.grounds
    WHERE id = NEW.id;
    RETURN NULL;
  END IF;
  INSERT INTO decision_search (id, visibility, deleted_at, forum, outcome, jurisdiction, requesting_country, decided_sort,
    grounds, head, words, head_pairs, full_pairs, names)
  VALUES (NEW.id, NEW.visibility, NEW.deleted_at, NEW.forum, NEW.outcome, NEW.jurisdiction, NEW.requesting_country,
    NEW.decided_sort, NEW.grounds, coalesce(NEW.search_head, ''::tsvector), strip(coalesce(NEW.search_full, ''::tsvector)),
    a3_pairs(coalesce(NEW.search_head, ''::tsvector)), a3_pairs(coalesce(NEW.search_full, ''::tsvector)), coalesce(NEW.search_names, ''))
  ON CONFLICT (id) DO UPDATE SET visibility = excluded.visibility, deleted_at = excluded.deleted_at, forum = excluded.forum,
    outcome = excluded.outcome, jurisdiction = excluded.jurisdiction, requesting_country = excluded.requesting_country,
    decided_sort = excluded.decided_sort, grounds = excluded.grounds, head = excluded.head, words = excluded.words,
    head_pairs = excluded.head_pairs, full_pairs = excluded.full_pairs, names = excluded.names;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER decision_search_sync AFTER INSERT OR UPDATE ON "decisions"
  FOR EACH ROW EXECUTE FUNCTION decision_search_sync();--> statement-breakpoint
INSERT INTO decision_search (id, visibility, deleted_at, forum, outcome, jurisdiction, requesting_country, decided_sort,
    grounds, head, words, head_pairs, full_pairs, names)
  SELECT id, visibility, deleted_at, forum, outcome, jurisdiction, requesting_country, decided_sort, grounds,
    coalesce(search_head, ''::tsvector), strip(coalesce(search_full, ''::tsvector)), a3_pairs(coalesce(search_head, ''::tsvector)),
    a3_pairs(coalesce(search_full, ''::tsvector)), coalesce(search_names, '')
  FROM decisions;--> statement-breakpoint
-- Queries read decision_search only: the wide table's search indexes would only slow every write.
DROP INDEX IF EXISTS "decisions_search_head_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "decisions_search_full_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "decisions_search_names_idx";--> statement-breakpoint
CREATE INDEX "decision_search_head_idx" ON "decision_search" USING gin ("head") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decision_search_words_idx" ON "decision_search" USING gin ("words") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decision_search_head_pairs_idx" ON "decision_search" USING gin ("head_pairs") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decision_search_full_pairs_idx" ON "decision_search" USING gin ("full_pairs") WITH (fastupdate=false);--> statement-breakpoint
-- Similar decisions' candidates (shared grounds, the same requesting state) without a full scan.
CREATE INDEX "decision_search_grounds_idx" ON "decision_search" USING gin ("grounds") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decision_search_requesting_idx" ON "decision_search" USING btree ("requesting_country");--> statement-breakpoint
CREATE INDEX "decision_search_names_idx" ON "decision_search" USING gin ("names" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
ANALYZE decision_search;
