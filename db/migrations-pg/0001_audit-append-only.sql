-- Audit events and checkpoints are append-only (PRODUCT.md "Audit log"; SQLite: migrations 0001
-- and 0007). An UPDATE, DELETE or TRUNCATE is refused by a trigger, and an INSERT must be the next
-- keyed event of its chain. The privileges are revoked too; run the app as a role that does not own
-- the tables (docs/decisions/008-two-dialects.md) so that it cannot grant them back.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE FUNCTION audit_events_append_at_end() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_seq integer;
  last_hash text;
BEGIN
  SELECT seq, hash INTO last_seq, last_hash FROM audit_events WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1;
  IF NEW.seq <> COALESCE(last_seq, 0) + 1
     OR NEW.prev_hash <> COALESCE(last_hash, '0000000000000000000000000000000000000000000000000000000000000000')
     OR NEW.format <> 2 OR NEW.key_id IS NULL OR NEW.mac IS NULL THEN
    RAISE EXCEPTION 'audit_events: only the next keyed event of a chain may be appended' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only_at_end BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_at_end();
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, audit_checkpoints FROM PUBLIC;
