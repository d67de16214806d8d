-- Evidence is append-only in the database itself (docs/decisions/010): nothing connecting with the
-- application's role can change or remove a record or a manifest; a sealed run takes no more
-- records; and a manifest must chain to the latest one (its previous_hash is that manifest's hash,
-- or null only for the first), so the chain cannot fork or skip.
CREATE OR REPLACE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING HINT = 'Evidence is never changed or removed.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER evidence_records_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON evidence_records
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
--> statement-breakpoint
CREATE TRIGGER evidence_manifests_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON evidence_manifests
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION evidence_record_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM evidence_manifests WHERE run_id = NEW.run_id) THEN
    RAISE EXCEPTION 'run % is sealed: no record can be added to it', NEW.run_id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER evidence_records_unsealed
  BEFORE INSERT ON evidence_records
  FOR EACH ROW EXECUTE FUNCTION evidence_record_unsealed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION evidence_manifest_chained() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  latest text;
BEGIN
  -- One sealer at a time: the lock is held to the end of the transaction.
  LOCK TABLE evidence_manifests IN SHARE ROW EXCLUSIVE MODE;
  SELECT hash INTO latest FROM evidence_manifests ORDER BY id DESC LIMIT 1;
  IF NEW.previous_hash IS DISTINCT FROM latest THEN
    RAISE EXCEPTION 'manifest for run % names % as previous, but the latest manifest is %',
      NEW.run_id, coalesce(NEW.previous_hash, 'none'), coalesce(latest, 'none');
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER evidence_manifests_chained
  BEFORE INSERT ON evidence_manifests
  FOR EACH ROW EXECUTE FUNCTION evidence_manifest_chained();
