CREATE TABLE "dashboard_case_counts" (
	"visibility" text NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"key2" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "dashboard_case_counts_visibility_dim_key_key2_pk" PRIMARY KEY("visibility","dim","key","key2")
);
--> statement-breakpoint
CREATE TABLE "dashboard_notice_change_counts" (
	"entity_id" text PRIMARY KEY NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_notice_changes" (
	"day" date NOT NULL,
	"country" text NOT NULL,
	"added" integer NOT NULL,
	"removed" integer NOT NULL,
	CONSTRAINT "dashboard_notice_changes_day_country_pk" PRIMARY KEY("day","country")
);
--> statement-breakpoint
CREATE TABLE "dashboard_run_changes" (
	"run_id" integer NOT NULL,
	"country" text NOT NULL,
	"delta" integer NOT NULL,
	"events" integer NOT NULL,
	CONSTRAINT "dashboard_run_changes_run_id_country_pk" PRIMARY KEY("run_id","country")
);
--> statement-breakpoint
-- The dashboard's summaries (decision 013), kept by the triggers below in the same transaction as
-- the change they count, so they always equal a direct count of the live tables.
-- What a set of cases adds to dashboard_case_counts: deleted cases count nowhere; '' is "none recorded".
CREATE FUNCTION "dashboard_case_facts"(rs "cases"[]) RETURNS TABLE (visibility text, dim text, key text, key2 text, n bigint)
LANGUAGE sql STABLE AS $$
  WITH v AS (SELECT * FROM unnest(rs) AS c WHERE c.deleted_at IS NULL)
  SELECT v.visibility, 'total', '', '', count(*) FROM v GROUP BY 1
  UNION ALL SELECT v.visibility, 'open', '', '', count(*) FROM v WHERE v.monitoring_status = 'open' GROUP BY 1
  UNION ALL SELECT v.visibility, 'rc', coalesce(v.requesting_country, ''), '', count(*) FROM v GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'alert', v.alert_status, '', count(*) FROM v GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'liberty', v.liberty_status, '', count(*) FROM v GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'extradition', v.extradition_outcome, '', count(*) FROM v GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'protection', v.protection_status, '', count(*) FROM v GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'motive', m, '', count(*) FROM v, unnest(v.motives) AS m GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'motive', '', '', count(*) FROM v WHERE cardinality(v.motives) = 0 GROUP BY 1
  UNION ALL SELECT v.visibility, 'tactic', t, '', count(*) FROM v, unnest(v.tactics) AS t GROUP BY 1, 3
  UNION ALL SELECT v.visibility, 'tactic', '', '', count(*) FROM v WHERE cardinality(v.tactics) = 0 GROUP BY 1
  UNION ALL SELECT v.visibility, 'pair', v.requesting_country, h, count(*) FROM v, unnest(v.host_countries) AS h
    WHERE v.requesting_country IS NOT NULL GROUP BY 1, 3, 4
  UNION ALL SELECT v.visibility, 'pair_missing', '', '', count(*) FROM v
    WHERE v.requesting_country IS NULL OR cardinality(v.host_countries) = 0 GROUP BY 1
  UNION ALL SELECT v.visibility, 'year', v.year_from::text, v.extradition_outcome, count(*) FROM v WHERE v.year_from IS NOT NULL GROUP BY 1, 3, 4
  UNION ALL SELECT v.visibility, 'year', '', '', count(*) FROM v WHERE v.year_from IS NULL GROUP BY 1
$$;
--> statement-breakpoint
-- Old rows out, new rows in, in one sorted upsert (so two writers lock summary rows in the same order).
CREATE FUNCTION "dashboard_case_counts_apply"(old_rows "cases"[], new_rows "cases"[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO dashboard_case_counts AS s (visibility, dim, key, key2, n)
  SELECT d.visibility, d.dim, d.key, d.key2, sum(d.n)::int FROM (
    SELECT f.visibility, f.dim, f.key, f.key2, -f.n AS n FROM dashboard_case_facts(old_rows) AS f
    UNION ALL SELECT f.visibility, f.dim, f.key, f.key2, f.n FROM dashboard_case_facts(new_rows) AS f
  ) AS d GROUP BY 1, 2, 3, 4 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (visibility, dim, key, key2) DO UPDATE SET n = s.n + excluded.n
$$;
--> statement-breakpoint
CREATE FUNCTION "dashboard_cases_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_case_counts_apply(NULL, ARRAY(SELECT r::cases FROM new_rows r));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dashboard_case_counts_apply(ARRAY(SELECT r::cases FROM old_rows r), ARRAY(SELECT r::cases FROM new_rows r));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_case_counts_apply(ARRAY(SELECT r::cases FROM old_rows r), NULL);
  ELSE
    DELETE FROM dashboard_case_counts;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cases_dashboard_counts_insert" AFTER INSERT ON "cases" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cases_count"();
--> statement-breakpoint
CREATE TRIGGER "cases_dashboard_counts_update" AFTER UPDATE ON "cases" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cases_count"();
--> statement-breakpoint
CREATE TRIGGER "cases_dashboard_counts_delete" AFTER DELETE ON "cases" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cases_count"();
--> statement-breakpoint
CREATE TRIGGER "cases_dashboard_counts_truncate" AFTER TRUNCATE ON "cases" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_cases_count"();
--> statement-breakpoint
-- Signed notice events (+1 in, -1 out) into the three notice summaries, exactly as the charts count:
-- the weekly chart joins each addition (not baseline) and removal to its notice's current warrant
-- countries, once per country listed; the per-pull chart counts every addition, reappearance and
-- removal, and per country once per notice whose warrant countries include it.
CREATE FUNCTION "dashboard_notice_events_apply"(entity_ids text[], run_ids integer[], kinds text[], ats timestamptz[], baselines boolean[], signs integer[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO dashboard_notice_changes AS s (day, country, added, removed)
  SELECT (e.at AT TIME ZONE 'UTC')::date, c,
         coalesce(sum(e.sign) FILTER (WHERE e.kind = 'added'), 0)::int,
         coalesce(sum(e.sign) FILTER (WHERE e.kind = 'removed'), 0)::int
  FROM unnest(entity_ids, run_ids, kinds, ats, baselines, signs) AS e(entity_id, run_id, kind, at, baseline, sign)
  JOIN notices AS n ON n.entity_id = e.entity_id, unnest(n.warrant_countries) AS c
  WHERE e.kind = 'removed' OR (e.kind = 'added' AND NOT e.baseline)
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, country) DO UPDATE SET added = s.added + excluded.added, removed = s.removed + excluded.removed;

  INSERT INTO dashboard_notice_change_counts AS s (entity_id, n)
  SELECT e.entity_id, sum(e.sign)::int
  FROM unnest(entity_ids, run_ids, kinds, ats, baselines, signs) AS e(entity_id, run_id, kind, at, baseline, sign)
  WHERE e.kind = 'removed' OR (e.kind = 'added' AND NOT e.baseline)
  GROUP BY 1 ORDER BY 1
  ON CONFLICT (entity_id) DO UPDATE SET n = s.n + excluded.n;

  INSERT INTO dashboard_run_changes AS s (run_id, country, delta, events)
  SELECT x.run_id, x.country, sum(x.d)::int, sum(x.sign)::int FROM (
    SELECT e.run_id, '' AS country, e.sign * (CASE WHEN e.kind IN ('added', 'reappeared') THEN 1 WHEN e.kind = 'removed' THEN -1 ELSE 0 END) AS d, e.sign
    FROM unnest(entity_ids, run_ids, kinds, ats, baselines, signs) AS e(entity_id, run_id, kind, at, baseline, sign)
    WHERE e.kind <> 'changed'
    UNION ALL
    SELECT e.run_id, cs.c, e.sign * (CASE WHEN e.kind IN ('added', 'reappeared') THEN 1 WHEN e.kind = 'removed' THEN -1 ELSE 0 END), e.sign
    FROM unnest(entity_ids, run_ids, kinds, ats, baselines, signs) AS e(entity_id, run_id, kind, at, baseline, sign)
    JOIN notices AS n ON n.entity_id = e.entity_id, LATERAL (SELECT DISTINCT w FROM unnest(n.warrant_countries) AS w) AS cs(c)
    WHERE e.kind <> 'changed'
  ) AS x GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (run_id, country) DO UPDATE SET delta = s.delta + excluded.delta, events = s.events + excluded.events;
$$;
--> statement-breakpoint
CREATE FUNCTION "dashboard_notice_events_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_notice_events_apply(array_agg(r.entity_id), array_agg(r.run_id), array_agg(r.kind), array_agg(r.occurred_at), array_agg(r.baseline), array_agg(1))
    FROM new_rows AS r;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM dashboard_notice_events_apply(array_agg(r.entity_id), array_agg(r.run_id), array_agg(r.kind), array_agg(r.occurred_at), array_agg(r.baseline), array_agg(r.sign))
    FROM (SELECT o.entity_id, o.run_id, o.kind, o.occurred_at, o.baseline, -1 AS sign FROM old_rows AS o
          UNION ALL SELECT w.entity_id, w.run_id, w.kind, w.occurred_at, w.baseline, 1 FROM new_rows AS w) AS r;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_notice_events_apply(array_agg(r.entity_id), array_agg(r.run_id), array_agg(r.kind), array_agg(r.occurred_at), array_agg(r.baseline), array_agg(-1))
    FROM old_rows AS r;
  ELSE
    DELETE FROM dashboard_notice_changes;
    DELETE FROM dashboard_notice_change_counts;
    DELETE FROM dashboard_run_changes;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "notice_events_dashboard_counts_insert" AFTER INSERT ON "notice_events" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_notice_events_count"();
--> statement-breakpoint
CREATE TRIGGER "notice_events_dashboard_counts_update" AFTER UPDATE ON "notice_events" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_notice_events_count"();
--> statement-breakpoint
CREATE TRIGGER "notice_events_dashboard_counts_delete" AFTER DELETE ON "notice_events" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_notice_events_count"();
--> statement-breakpoint
CREATE TRIGGER "notice_events_dashboard_counts_truncate" AFTER TRUNCATE ON "notice_events" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_notice_events_count"();
--> statement-breakpoint
-- A notice's warrant countries changed (or it came or went): its events move between countries.
CREATE FUNCTION "dashboard_notice_countries_apply"(entity text, old_countries text[], new_countries text[]) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO dashboard_notice_changes AS s (day, country, added, removed)
  SELECT (e.occurred_at AT TIME ZONE 'UTC')::date, cs.c,
         coalesce(sum(cs.sign) FILTER (WHERE e.kind = 'added'), 0)::int,
         coalesce(sum(cs.sign) FILTER (WHERE e.kind = 'removed'), 0)::int
  FROM notice_events AS e,
       (SELECT c, -1 AS sign FROM unnest(old_countries) AS c UNION ALL SELECT c, 1 FROM unnest(new_countries) AS c) AS cs
  WHERE e.entity_id = entity AND (e.kind = 'removed' OR (e.kind = 'added' AND NOT e.baseline))
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (day, country) DO UPDATE SET added = s.added + excluded.added, removed = s.removed + excluded.removed;

  INSERT INTO dashboard_run_changes AS s (run_id, country, delta, events)
  SELECT e.run_id, cs.c,
         sum(cs.sign * (CASE WHEN e.kind IN ('added', 'reappeared') THEN 1 WHEN e.kind = 'removed' THEN -1 ELSE 0 END))::int,
         sum(cs.sign)::int
  FROM notice_events AS e,
       (SELECT DISTINCT c, -1 AS sign FROM unnest(old_countries) AS c UNION ALL SELECT DISTINCT c, 1 FROM unnest(new_countries) AS c) AS cs
  WHERE e.entity_id = entity AND e.kind <> 'changed'
  GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (run_id, country) DO UPDATE SET delta = s.delta + excluded.delta, events = s.events + excluded.events;
$$;
--> statement-breakpoint
CREATE FUNCTION "dashboard_notices_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM dashboard_notice_countries_apply(NEW.entity_id, NULL, NEW.warrant_countries);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM dashboard_notice_countries_apply(OLD.entity_id, OLD.warrant_countries, NULL);
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.entity_id = NEW.entity_id THEN
      PERFORM dashboard_notice_countries_apply(NEW.entity_id, OLD.warrant_countries, NEW.warrant_countries);
    ELSE
      PERFORM dashboard_notice_countries_apply(OLD.entity_id, OLD.warrant_countries, NULL);
      PERFORM dashboard_notice_countries_apply(NEW.entity_id, NULL, NEW.warrant_countries);
    END IF;
  ELSE
    DELETE FROM dashboard_notice_changes;
    DELETE FROM dashboard_run_changes WHERE country <> '';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "notices_dashboard_counts" AFTER INSERT OR DELETE ON "notices" FOR EACH ROW EXECUTE FUNCTION "dashboard_notices_count"();
--> statement-breakpoint
CREATE TRIGGER "notices_dashboard_counts_update" AFTER UPDATE OF "entity_id", "warrant_countries" ON "notices" FOR EACH ROW
  WHEN (OLD.warrant_countries IS DISTINCT FROM NEW.warrant_countries OR OLD.entity_id IS DISTINCT FROM NEW.entity_id)
  EXECUTE FUNCTION "dashboard_notices_count"();
--> statement-breakpoint
CREATE TRIGGER "notices_dashboard_counts_truncate" AFTER TRUNCATE ON "notices" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_notices_count"();
--> statement-breakpoint
-- Every summary counted afresh from the live tables: the migration's backfill, and the tests' yardstick.
CREATE FUNCTION "dashboard_summaries_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dashboard_case_counts;
  DELETE FROM dashboard_notice_changes;
  DELETE FROM dashboard_notice_change_counts;
  DELETE FROM dashboard_run_changes;
  PERFORM dashboard_case_counts_apply(NULL, ARRAY(SELECT c FROM cases AS c));
  PERFORM dashboard_notice_events_apply(array_agg(e.entity_id), array_agg(e.run_id), array_agg(e.kind), array_agg(e.occurred_at), array_agg(e.baseline), array_agg(1))
  FROM notice_events AS e;
END $$;
--> statement-breakpoint
SELECT dashboard_summaries_rebuild();
