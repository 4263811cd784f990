-- Bedside monitoring: devices assigned to beds/patients, and NEWS2 alerts with one open alert per
-- patient episode (no duplicate alerts), acknowledgement and escalation.

CREATE TABLE device (
  id text PRIMARY KEY,                    -- the monitor's or gateway's own id
  facility_id uuid NOT NULL REFERENCES facility(id),
  bed text,
  patient_id uuid REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  key_hash text,                          -- SHA-256 of the device API key (x-device-key)
  assigned_at timestamptz,
  assigned_by uuid REFERENCES app_user(id)
);

CREATE TABLE alert (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  level text NOT NULL CHECK (level IN ('urgent', 'emergency')),
  score integer NOT NULL,
  sub_scores jsonb NOT NULL,
  explanation jsonb NOT NULL,
  reason text NOT NULL,                   -- 'total>=5', 'total>=7', 'single-parameter-3'
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  suggestion_id uuid REFERENCES suggestion(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES app_user(id),
  acknowledged_at timestamptz,
  escalated_at timestamptz,
  escalated_to uuid[],
  resolved_at timestamptz
);
-- The episode: at most one unresolved alert per patient.
CREATE UNIQUE INDEX alert_episode_uq ON alert(patient_id) WHERE status <> 'resolved';
CREATE INDEX alert_facility_open_idx ON alert(facility_id, created_at) WHERE status <> 'resolved';
