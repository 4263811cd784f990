-- Imaging: studies/series/instances received as DICOM Part 10 (the original bytes are kept as
-- received under files/), the reader's report, registered models, and a job queue on the same
-- database (inference, demo loading, PACS sync).

CREATE TABLE imaging_study (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  study_uid text NOT NULL,
  patient_id uuid REFERENCES patient(id),
  -- PatientID (0010,0020) matched a yte patient id or CCCD at this facility, or not.
  match_state text NOT NULL CHECK (match_state IN ('matched', 'unmatched')),
  dicom_patient_id text,
  dicom_patient_name text,
  accession_number text,
  study_date text,
  description text,
  modalities text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'analysing', 'analysed', 'reported', 'failed')),
  -- max over AI findings of probability / threshold (> 1: at least one finding over its threshold).
  ai_suspicion double precision,
  source text NOT NULL DEFAULT 'upload',
  received_at timestamptz NOT NULL,
  UNIQUE (facility_id, study_uid)
);
CREATE INDEX imaging_study_worklist_idx ON imaging_study(facility_id, status, received_at);
CREATE INDEX imaging_study_patient_idx ON imaging_study(patient_id);

CREATE TABLE imaging_series (
  id uuid PRIMARY KEY,
  study_id uuid NOT NULL REFERENCES imaging_study(id),
  series_uid text NOT NULL,
  modality text,
  description text,
  body_part text,
  UNIQUE (study_id, series_uid)
);

CREATE TABLE imaging_instance (
  id uuid PRIMARY KEY,
  study_id uuid NOT NULL REFERENCES imaging_study(id),
  series_id uuid NOT NULL REFERENCES imaging_series(id),
  sop_instance_uid text NOT NULL,
  sop_class_uid text NOT NULL,
  transfer_syntax_uid text NOT NULL,
  instance_number integer,
  rows integer,
  columns integer,
  -- relative to config.filesDir; the bytes exactly as received
  file_path text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  -- the source image name where one is known (e.g. an NIH ChestX-ray14 file name), for vendor results
  source_name text,
  received_at timestamptz NOT NULL,
  UNIQUE (study_id, sop_instance_uid)
);
CREATE INDEX imaging_instance_sop_idx ON imaging_instance(sop_instance_uid);
CREATE INDEX imaging_instance_source_idx ON imaging_instance(source_name);

CREATE TABLE imaging_report (
  id uuid PRIMARY KEY,
  study_id uuid NOT NULL UNIQUE REFERENCES imaging_study(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  reader_id uuid NOT NULL REFERENCES app_user(id),
  -- the reader's impression recorded before AI marks were revealed (automation-bias guard)
  first_impression text,
  first_impression_at timestamptz,
  text text,
  final_at timestamptz,
  updated_at timestamptz NOT NULL
);

-- Per-facility imaging settings.
CREATE TABLE imaging_setting (
  facility_id uuid PRIMARY KEY REFERENCES facility(id),
  first_impression_required boolean NOT NULL DEFAULT true
);

-- Models registered by manifest; 'refused' keeps why (e.g. hash mismatch) to show it.
CREATE TABLE imaging_model (
  id text PRIMARY KEY,
  version text NOT NULL,
  manifest jsonb NOT NULL,
  dir text NOT NULL,
  status text NOT NULL CHECK (status IN ('ready', 'refused')),
  error_code text,
  error text,
  registered_at timestamptz NOT NULL
);

-- A job queue on the same database. Claimed with FOR UPDATE SKIP LOCKED; a running job whose
-- lock expired (worker died or timed out) is retried with backoff until max_attempts.
CREATE TABLE job (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  timeout_ms integer NOT NULL DEFAULT 120000 CHECK (timeout_ms > 0),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  run_after timestamptz NOT NULL,
  locked_until timestamptz,
  locked_by text,
  error text,
  result jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX job_ready_idx ON job(run_after) WHERE status = 'queued';
CREATE INDEX job_running_idx ON job(locked_until) WHERE status = 'running';
CREATE INDEX job_kind_idx ON job(kind, status);

-- Where each PACS sync stopped (Orthanc /changes sequence number).
CREATE TABLE imaging_sync_state (
  source text PRIMARY KEY,
  last_change bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
