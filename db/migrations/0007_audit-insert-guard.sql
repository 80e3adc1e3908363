-- The audit chain only grows at its end, and only with keyed events (issue 13, L4; ADR 003):
-- an INSERT whose seq is not the chain's last + 1, whose prev_hash is not the last event's hash,
-- or that carries no HMAC is refused. Checkpoints are append-only like the events. An attacker
-- who can drop triggers gets past these, which is what the HMAC and the checkpoint file are for.
CREATE TRIGGER audit_events_append_only_at_end BEFORE INSERT ON audit_events
WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM audit_events WHERE chain = NEW.chain), 0) + 1
  OR NEW.prev_hash <> COALESCE((SELECT hash FROM audit_events WHERE chain = NEW.chain ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
  OR NEW.format <> 2 OR NEW.key_id IS NULL OR NEW.mac IS NULL
BEGIN
  SELECT RAISE(ABORT, 'audit_events: only the next keyed event of a chain may be appended');
END;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;
