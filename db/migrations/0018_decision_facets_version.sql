-- Precedent search counts facets and orders matches in the server process from each decision's
-- facet values, read once and kept until a decision changes (docs/decisions/012-precedent-search.md,
-- "Facet values in memory"). This row says when they changed: every statement that writes
-- `decisions` moves `version` on, in its own transaction, so a search sees the new version exactly
-- when it sees the new rows (a sequence would move before the writer commits, and a reader could
-- keep values older than what it sees). The row is locked at the start of the statement, before
-- any decision row, so concurrent writers wait for each other rather than deadlock.
CREATE TABLE "decision_facets_version" (
	"id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
	"version" bigint NOT NULL DEFAULT 1
);--> statement-breakpoint
INSERT INTO "decision_facets_version" ("id", "version") VALUES (true, 1);--> statement-breakpoint
CREATE FUNCTION "decision_facets_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "decision_facets_version" SET "version" = "version" + 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "decisions_facets_version" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON "decisions"
  FOR EACH STATEMENT EXECUTE FUNCTION "decision_facets_version_bump"();
