-- Station ↔ province sync (issue 18). Capture is by triggers into an outbox, so every write path
-- (services, FHIR, imports) is captured in the writing transaction without touching other modules.
-- A node is a station or a province (sync_node, one row; no row = sync off, triggers do nothing).

CREATE TABLE sync_node (
  id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  role text NOT NULL CHECK (role IN ('station', 'province')),
  station_id uuid,                      -- the station's facility id (role station)
  hlc text NOT NULL DEFAULT '',         -- last HLC stamp issued or received
  next_batch_seq int NOT NULL DEFAULT 1,
  acked_seq int NOT NULL DEFAULT 0,     -- the province's ack cursor, as last heard
  pull_cursor bigint NOT NULL DEFAULT 0,
  last_synced_at timestamptz,
  last_error text
);

-- Station: changes waiting to be pushed. change_id/hlc/batch_seq are set when a batch is sealed,
-- so a resent batch is byte-identical (same ids: idempotent at the province).
CREATE TABLE sync_outbox (
  seq bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id text NOT NULL,
  op text NOT NULL CHECK (op IN ('insert', 'update')),
  values jsonb NOT NULL,
  base jsonb,
  change_id uuid,
  hlc text,
  batch_seq int
);
CREATE INDEX sync_outbox_batch_idx ON sync_outbox(batch_seq);

-- Both sides: the HLC of the last write of each merged field (patient, encounter); field '*' is
-- the row's insert (every field), so a field's stamp is the later of its own and '*'.
CREATE TABLE sync_field_clock (
  table_name text NOT NULL,
  row_id text NOT NULL,
  field text NOT NULL,
  hlc text NOT NULL,
  PRIMARY KEY (table_name, row_id, field)
);

-- Province: the stations' device keys (Ed25519 public keys, SPKI DER base64), revocable.
CREATE TABLE sync_station (
  station_id uuid PRIMARY KEY REFERENCES facility(id),
  public_key text NOT NULL,
  revoked_at timestamptz,
  ack_seq int NOT NULL DEFAULT 0,
  last_push_at timestamptz
);
CREATE TABLE sync_batch_seen (
  station_id uuid NOT NULL,
  seq int NOT NULL,
  PRIMARY KEY (station_id, seq)
);
-- Every change applied once (the dedup key of idempotent replay).
CREATE TABLE sync_applied (
  change_id uuid PRIMARY KEY,
  station_id uuid NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  outcome text NOT NULL
);
-- Station audit entries (their own hash chain, keyed by the station's seq); append-only.
CREATE TABLE sync_station_audit (
  station_id uuid NOT NULL,
  seq bigint NOT NULL,
  entry jsonb NOT NULL,
  PRIMARY KEY (station_id, seq)
);
CREATE TRIGGER sync_station_audit_no_update BEFORE UPDATE OR DELETE ON sync_station_audit
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
-- True demographic conflicts, for a person to review.
CREATE TABLE sync_review (
  id bigserial PRIMARY KEY,
  table_name text NOT NULL,
  row_id text NOT NULL,
  field text NOT NULL,
  kept jsonb,
  kept_hlc text NOT NULL,
  other jsonb,
  other_hlc text NOT NULL,
  change_id uuid NOT NULL,
  resolved_at timestamptz
);
-- Province: merged-field writes of each catchment, for stations to pull (seq is the pull cursor).
CREATE TABLE sync_change_log (
  seq bigserial PRIMARY KEY,
  facility_id uuid NOT NULL,
  table_name text NOT NULL,
  row_id text NOT NULL,
  values jsonb NOT NULL,
  hlc text NOT NULL
);
CREATE INDEX sync_change_log_facility_idx ON sync_change_log(facility_id, seq);

-- The capture trigger. Writes made by the sync itself set yte.sync_apply and are not captured.
-- Station: every insert/update goes to the outbox (an update with its changed fields and their
-- old values). Province: a local edit of a merged table stamps its fields with a province HLC
-- (the province clock, NTP-disciplined) and logs it for the station's next pull.
CREATE FUNCTION sync_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r text;
  n jsonb := to_jsonb(NEW);
  o jsonb;
  changed jsonb := '{}'::jsonb;
  oldv jsonb := '{}'::jsonb;
  k text;
  key text;
  stamp text;
BEGIN
  IF current_setting('yte.sync_apply', true) = 'on' THEN RETURN NULL; END IF;
  SELECT role INTO r FROM sync_node WHERE id = 1;
  IF r IS NULL THEN RETURN NULL; END IF;
  key := CASE WHEN TG_TABLE_NAME = 'audit_log' THEN (n->>'seq') ELSE (n->>'id') END;
  IF TG_OP = 'UPDATE' THEN
    o := to_jsonb(OLD);
    FOR k IN SELECT jsonb_object_keys(n) LOOP
      IF (n->k) IS DISTINCT FROM (o->k) THEN
        changed := changed || jsonb_build_object(k, n->k);
        oldv := oldv || jsonb_build_object(k, o->k);
      END IF;
    END LOOP;
    IF changed = '{}'::jsonb THEN RETURN NULL; END IF;
  END IF;
  IF r = 'station' THEN
    INSERT INTO sync_outbox(table_name, row_id, op, values, base)
    VALUES (TG_TABLE_NAME, key, lower(TG_OP), CASE WHEN TG_OP = 'UPDATE' THEN changed ELSE n END, CASE WHEN TG_OP = 'UPDATE' THEN oldv END);
  ELSIF TG_TABLE_NAME IN ('patient', 'encounter') THEN
    stamp := lpad(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint::text, 15, '0') || ':000000:province';
    IF TG_OP = 'INSERT' THEN changed := n; END IF;
    -- an insert: one clock for the row ('*' = every field); an update: one per changed field
    FOR k IN SELECT CASE WHEN TG_OP = 'INSERT' THEN '*' ELSE f END FROM jsonb_object_keys(changed) f LIMIT CASE WHEN TG_OP = 'INSERT' THEN 1 END LOOP
      INSERT INTO sync_field_clock VALUES (TG_TABLE_NAME, key, k, stamp)
        ON CONFLICT (table_name, row_id, field) DO UPDATE SET hlc = GREATEST(sync_field_clock.hlc, EXCLUDED.hlc);
    END LOOP;
    INSERT INTO sync_change_log(facility_id, table_name, row_id, values, hlc)
    VALUES ((n->>'facility_id')::uuid, TG_TABLE_NAME, key, changed, stamp);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sync_capture_patient AFTER INSERT OR UPDATE ON patient FOR EACH ROW EXECUTE FUNCTION sync_capture();
CREATE TRIGGER sync_capture_encounter AFTER INSERT OR UPDATE ON encounter FOR EACH ROW EXECUTE FUNCTION sync_capture();
CREATE TRIGGER sync_capture_observation AFTER INSERT ON observation FOR EACH ROW EXECUTE FUNCTION sync_capture();
CREATE TRIGGER sync_capture_audit AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION sync_capture();
