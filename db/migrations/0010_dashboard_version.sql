CREATE SEQUENCE "public"."dashboard_version" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
-- Every statement that changes a table the dashboard reads moves the sequence on; the dashboard keeps
-- its counts per process until it moves (decision 013). A pull's heartbeats do not move it.
CREATE FUNCTION "dashboard_version_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('"public"."dashboard_version"');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cases_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "cases" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "case_alerts_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "case_alerts" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "decisions_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "decisions" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "record_shares_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "record_shares" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "notices_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notices" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "notice_events_dashboard_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notice_events" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
--> statement-breakpoint
CREATE TRIGGER "crawl_runs_dashboard_version" AFTER INSERT OR DELETE OR UPDATE OF "status", "finished_at" ON "crawl_runs" FOR EACH STATEMENT EXECUTE FUNCTION "dashboard_version_bump"();
