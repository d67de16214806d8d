-- The audit log is append-only in the database itself, not only in the code: whatever connects
-- with the application's role cannot change or remove an entry (docs/decisions/003). A
-- statement-level trigger, so even an UPDATE or DELETE that matches no row is refused.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING HINT = 'Audit entries are never changed or removed.';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
