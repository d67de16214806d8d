-- Precedent search (docs/decisions/012-precedent-search.md). Every search column of `decisions` is
-- maintained here, in the database, by a trigger: any insert or update, from any code (the cases
-- import, the decisions import, a form, psql), is indexed the same way. The columns are not in the
-- drizzle schema on purpose: selects never carry the vectors, and only db/queries/decisions.ts reads them.
--
-- decision_search_terms holds the words a key is known by (a ground's label and aliases, a country's
-- names in several languages); db/queries/decisions.ts syncs it from lib/taxonomy.ts and
-- lib/countries.ts at every migrate and reindexes decisions when a word changed.
CREATE TABLE "decision_search_terms" (
	"vocabulary" text NOT NULL,
	"key" text NOT NULL,
	"words" text NOT NULL,
	CONSTRAINT "decision_search_terms_pk" PRIMARY KEY ("vocabulary", "key")
);--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "search_head" tsvector;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "search_full" tsvector;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "search_names" text;--> statement-breakpoint
-- The text search configuration for a decision's language (ISO 639-1); `simple` otherwise.
CREATE OR REPLACE FUNCTION a3_text_config(lang text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE lower(coalesce(lang, ''))
    WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish' WHEN 'ru' THEN 'russian'
    WHEN 'de' THEN 'german' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese' WHEN 'tr' THEN 'turkish'
    WHEN 'nl' THEN 'dutch' WHEN 'sv' THEN 'swedish' WHEN 'da' THEN 'danish' WHEN 'no' THEN 'norwegian'
    WHEN 'fi' THEN 'finnish' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian' WHEN 'ar' THEN 'arabic'
    ELSE 'simple' END)::regconfig
$$;--> statement-breakpoint
-- Names folded for trigram matching: lower case, accents off, Cyrillic transliterated, and the
-- usual transliteration variants made one (Zakayev = Zakaev, Khodorkovsky = Chodorkowski ≈
-- Hodorkovskii), so a party's name typed in another spelling or script comes close.
CREATE OR REPLACE FUNCTION a3_fold(value text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT translate(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      translate(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
          lower(unaccent(coalesce(value, ''))),
          'щ', 'shch'), 'ж', 'zh'), 'ч', 'ch'), 'ш', 'sh'), 'ц', 'ts'), 'х', 'kh'), 'ю', 'yu'), 'я', 'ya'), 'ё', 'e'), 'й', 'i'),
        'абвгдезиклмнопрстуфыэъь', 'abvgdeziklmnoprstufye'),
      '(sch|sh|tch|ch)', 's', 'g'), '(dzh|dj|zh)', 'j', 'g'), '(kh|ck|q)', 'k', 'g'), '(ye|je)', 'e', 'g'),
      '(iy|yi|ii|ij|y)', 'i', 'g'), '(ou|oo)', 'u', 'g'), 'ff\M', 'v', 'g'),
    'wx', 'vk')
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION decisions_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cfg regconfig := a3_text_config(NEW.language);
  head text := unaccent(coalesce(NEW.citation, '') || ' ' || coalesce(NEW.body, ''));
  labels text;
  places text;
BEGIN
  SELECT string_agg(t.words, ' ') INTO labels FROM decision_search_terms t
   WHERE (t.vocabulary = 'ground' AND t.key = ANY (NEW.grounds))
      OR (t.vocabulary = 'forum' AND t.key = NEW.forum)
      OR (t.vocabulary = 'outcome' AND t.key = NEW.outcome);
  SELECT string_agg(t.words, ' ') INTO places FROM decision_search_terms t
   WHERE t.vocabulary = 'country' AND t.key IN (NEW.requesting_country, NEW.jurisdiction);
  places := unaccent(coalesce(places, '') || ' ' || array_to_string(NEW.legal_provisions, ' '));
  -- A: citation and body; B: summary, the vocabulary's labels, country names, provisions; C: full text.
  NEW.search_head :=
    setweight(to_tsvector(cfg, head), 'A') || setweight(to_tsvector('simple', head), 'A') ||
    setweight(to_tsvector(cfg, unaccent(coalesce(NEW.summary, ''))), 'B') ||
    setweight(to_tsvector('english', coalesce(labels, '')), 'B') ||
    setweight(to_tsvector('simple', places), 'B') || setweight(to_tsvector('russian', places), 'B');
  NEW.search_full := setweight(to_tsvector(cfg, unaccent(coalesce(NEW.full_text, ''))), 'C');
  NEW.search_names := a3_fold(coalesce(NEW.citation, '') || ' ' || coalesce(NEW.body, '') || ' ' || coalesce(NEW.summary, ''));
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER decisions_search_refresh BEFORE INSERT OR UPDATE ON "decisions"
  FOR EACH ROW EXECUTE FUNCTION decisions_search_refresh();--> statement-breakpoint
-- Search indexes write straight into the index (no GIN pending list: PGlite has no autovacuum).
CREATE INDEX "decisions_search_head_idx" ON "decisions" USING gin ("search_head") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decisions_search_full_idx" ON "decisions" USING gin ("search_full") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decisions_search_names_idx" ON "decisions" USING gin ("search_names" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "decisions_requesting_idx" ON "decisions" USING btree ("requesting_country");--> statement-breakpoint
CREATE INDEX "decisions_jurisdiction_idx" ON "decisions" USING btree ("jurisdiction");
