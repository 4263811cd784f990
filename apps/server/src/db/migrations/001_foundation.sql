-- Foundation: facilities, accounts, patients, encounters, observations, audit.
-- Runs unchanged on PGlite and PostgreSQL. Instants are timestamptz (UTC); ids are UUIDv7 made by the app.

CREATE TABLE facility (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('hospital', 'station')),
  province text NOT NULL,
  commune text NOT NULL
);

CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  full_name text NOT NULL,
  password_hash text NOT NULL,
  roles text[] NOT NULL CHECK (roles <@ ARRAY['station_staff','nurse','doctor','radiologist','facility_admin','governance_officer']::text[]),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_facility (
  user_id uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  PRIMARY KEY (user_id, facility_id)
);

-- Only a SHA-256 of the token is stored, so a leaked table cannot be replayed as cookies.
CREATE TABLE session (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX session_user_idx ON session(user_id);

CREATE TABLE patient (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  full_name text NOT NULL,
  name_search text NOT NULL,             -- folded: lower case, no diacritics
  sex text NOT NULL CHECK (sex IN ('male', 'female', 'other')),
  birth_date date NOT NULL,
  cccd text CHECK (cccd ~ '^[0-9]{12}$'),
  bhyt text CHECK (bhyt ~ '^[A-Z]{2}[1-5][0-9]{12}$'),
  phone text,
  province text NOT NULL,
  commune text NOT NULL,
  address_line text,
  created_at timestamptz NOT NULL,
  created_by uuid REFERENCES app_user(id)
);
CREATE INDEX patient_facility_idx ON patient(facility_id);
CREATE INDEX patient_cccd_idx ON patient(cccd);
-- Covers the name search (equality on name, facility filter, id) as an index-only scan.
CREATE INDEX patient_name_idx ON patient(name_search, facility_id, id);

-- Distinct folded names, kept by trigger. Fuzzy search runs trigram KNN over this small
-- dictionary (1 M patients share far fewer names), then joins patients by exact name.
CREATE TABLE patient_name (name_search text PRIMARY KEY);
CREATE INDEX patient_name_trgm_idx ON patient_name USING gist (name_search gist_trgm_ops);
CREATE FUNCTION patient_name_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO patient_name(name_search) VALUES (NEW.name_search) ON CONFLICT DO NOTHING;
  RETURN NEW;
END $$;
CREATE TRIGGER patient_name_track AFTER INSERT OR UPDATE OF name_search ON patient
  FOR EACH ROW EXECUTE FUNCTION patient_name_track();

CREATE TABLE encounter (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  type text NOT NULL CHECK (type IN ('outpatient', 'inpatient', 'emergency', 'station', 'home')),
  reason text,
  started_at timestamptz NOT NULL,
  created_by uuid REFERENCES app_user(id)
);
CREATE INDEX encounter_patient_idx ON encounter(patient_id, started_at DESC);

CREATE TABLE observation (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  category text NOT NULL CHECK (category IN ('vital-signs', 'laboratory')),
  code_system text NOT NULL DEFAULT 'http://loinc.org',
  code text NOT NULL,
  display text NOT NULL,
  value_num double precision,
  value_text text,
  unit text,
  ref_low double precision,
  ref_high double precision,
  effective_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES app_user(id),
  device_id text,
  created_at timestamptz NOT NULL,
  CHECK (value_num IS NOT NULL OR value_text IS NOT NULL)
);
CREATE INDEX observation_patient_idx ON observation(patient_id, effective_at);
-- A device re-sending the same reading is idempotent.
CREATE UNIQUE INDEX observation_device_reading_uq ON observation(device_id, code, effective_at) WHERE device_id IS NOT NULL;

-- Append-only, hash-chained audit log: hash = sha256(prev_hash || canonical entry).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  user_id uuid,
  facility_id uuid,
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  patient_id uuid,
  outcome text NOT NULL,
  details jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_patient_idx ON audit_log(patient_id);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
