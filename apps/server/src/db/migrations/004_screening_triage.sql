-- Station screening (TB, CVD risk, child nutrition, adult BMI), referral notes, appointments and the
-- emergency triage queue. Rule outputs themselves are suggestions (002); these tables hold what was
-- measured and asked, the rule result as shown at the time, and what follows (appointment, referral).

CREATE TABLE screening (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  kind text NOT NULL CHECK (kind IN ('tb', 'cvd', 'nutrition', 'bmi')),
  inputs jsonb NOT NULL,
  result jsonb NOT NULL,
  summary text NOT NULL,
  summary_vi text NOT NULL,
  tool_id text NOT NULL,
  tool_version text NOT NULL,
  suggestion_id uuid REFERENCES suggestion(id),
  performed_by uuid REFERENCES app_user(id),
  performed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX screening_patient_idx ON screening(patient_id, performed_at DESC);
CREATE INDEX screening_facility_idx ON screening(facility_id, performed_at DESC);

-- A printable referral note (giấy chuyển tuyến / phiếu hẹn chuyển khám).
CREATE TABLE referral (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  screening_id uuid REFERENCES screening(id),
  to_facility text NOT NULL CHECK (length(trim(to_facility)) > 0),
  reason text NOT NULL,
  text_vi text NOT NULL,
  text_en text NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX referral_patient_idx ON referral(patient_id, created_at DESC);

CREATE TABLE appointment (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  scheduled_at timestamptz NOT NULL,
  reason text NOT NULL DEFAULT '',
  screening_id uuid REFERENCES screening(id),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'seen', 'missed', 'cancelled')),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  status_by uuid REFERENCES app_user(id),
  status_at timestamptz
);
CREATE INDEX appointment_day_idx ON appointment(facility_id, scheduled_at);
CREATE INDEX appointment_patient_idx ON appointment(patient_id, scheduled_at);

-- One arrival at the emergency/triage desk. Category and target come from the triage rule at arrival.
CREATE TABLE triage (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  encounter_id uuid REFERENCES encounter(id),
  arrived_at timestamptz NOT NULL,
  inputs jsonb NOT NULL,
  result jsonb NOT NULL,
  category text NOT NULL CHECK (category IN ('red', 'yellow', 'green')),
  target_minutes integer NOT NULL CHECK (target_minutes >= 0),
  suggestion_id uuid REFERENCES suggestion(id),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'seen', 'left')),
  seen_at timestamptz,
  seen_by uuid REFERENCES app_user(id),
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX triage_queue_idx ON triage(facility_id, status, arrived_at);
