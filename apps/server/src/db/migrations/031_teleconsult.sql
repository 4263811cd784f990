-- Teleconsultation station ↔ hospital (tư vấn / hội chẩn từ xa, Thông tư 49/2017/TT-BYT): the consult
-- request with its snapshot of the record, its state (packages/clinical teleconsult.ts) with the
-- instant of each step, the specialist's advice and the station's decision on it, attachments,
-- messages (chat) and live calls (start, end, participants, mode; no media is stored).
CREATE TABLE teleconsult (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  from_facility_id uuid NOT NULL REFERENCES facility(id),
  to_facility_id uuid NOT NULL REFERENCES facility(id),
  specialty text NOT NULL,
  -- a named specialist at the hospital, or NULL for the department's queue
  assigned_to uuid REFERENCES app_user(id),
  urgency text NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'routine')),
  question text NOT NULL,
  -- the summary, recent vitals with NEWS2, and labs as they were when the station asked
  snapshot jsonb NOT NULL,
  state text NOT NULL CHECK (state IN ('requested', 'accepted', 'answered', 'closed', 'cancelled')),
  -- the station's own id for the request (offline queue): a resend is the same consult
  client_ref text,
  requested_by uuid REFERENCES app_user(id),
  requested_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  accepted_by uuid REFERENCES app_user(id),
  accepted_at timestamptz,
  answered_by uuid REFERENCES app_user(id),
  answered_at timestamptz,
  advice text,
  follow_up text,
  -- whether an AI tool helped the specialist (its output stays a suggestion with provenance elsewhere)
  ai_assisted boolean NOT NULL DEFAULT false,
  decision text CHECK (decision IN ('accepted', 'overridden')),
  decision_reason text,
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  cancel_reason text,
  cancelled_by uuid REFERENCES app_user(id),
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL,
  CHECK (state NOT IN ('answered', 'closed') OR (advice IS NOT NULL AND answered_at IS NOT NULL)),
  CHECK (state <> 'closed' OR decision IS NOT NULL),
  CHECK (decision IS DISTINCT FROM 'overridden' OR length(trim(decision_reason)) > 0)
);
CREATE UNIQUE INDEX teleconsult_client_ref_uq ON teleconsult(from_facility_id, client_ref) WHERE client_ref IS NOT NULL;
-- The hospital inbox: open consults by due instant (urgency and waiting time together).
CREATE INDEX teleconsult_inbox_open_idx ON teleconsult(to_facility_id, due_at, requested_at) WHERE state IN ('requested', 'accepted');
CREATE INDEX teleconsult_inbox_idx ON teleconsult(to_facility_id, requested_at DESC);
CREATE INDEX teleconsult_patient_idx ON teleconsult(patient_id, requested_at DESC);

CREATE TABLE teleconsult_attachment (
  id uuid PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES teleconsult(id),
  kind text NOT NULL CHECK (kind IN ('photo', 'document', 'imaging_study')),
  media_type text,
  file_name text,
  size_bytes integer,
  sha256 text,
  data bytea,
  imaging_study_id uuid REFERENCES imaging_study(id),
  note text,
  added_by uuid REFERENCES app_user(id),
  added_at timestamptz NOT NULL,
  CHECK ((kind = 'imaging_study') = (imaging_study_id IS NOT NULL)),
  CHECK (kind = 'imaging_study' OR (data IS NOT NULL AND media_type IS NOT NULL))
);
CREATE INDEX teleconsult_attachment_consult_idx ON teleconsult_attachment(consult_id, added_at);

CREATE TABLE teleconsult_message (
  id uuid PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES teleconsult(id),
  call_id uuid,
  author_id uuid NOT NULL REFERENCES app_user(id),
  body text NOT NULL,
  sent_at timestamptz NOT NULL
);
CREATE INDEX teleconsult_message_consult_idx ON teleconsult_message(consult_id, sent_at);

CREATE TABLE teleconsult_call (
  id uuid PRIMARY KEY,
  consult_id uuid NOT NULL REFERENCES teleconsult(id),
  started_by uuid NOT NULL REFERENCES app_user(id),
  started_at timestamptz NOT NULL,
  connected_at timestamptz,
  ended_at timestamptz,
  -- every user who joined, with the side they joined on
  participants jsonb NOT NULL DEFAULT '[]'::jsonb,
  final_mode text CHECK (final_mode IN ('video', 'audio', 'chat', 'store_and_forward')),
  end_reason text,
  -- no media is recorded unless both sides consent (recorded here); yte itself records none
  consent_requesting boolean NOT NULL DEFAULT false,
  consent_consulting boolean NOT NULL DEFAULT false
);
CREATE INDEX teleconsult_call_consult_idx ON teleconsult_call(consult_id, started_at);
