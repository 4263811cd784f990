-- Referral and counter-referral between facilities (chuyển tuyến, Thông tư 14/2014/TT-BYT): the
-- referral paper's content, its state (packages/clinical referral.ts) with the instant of each step,
-- and the counter-referral the receiving facility sends back. Kept beside screening's simple
-- `referral` note (004), which names the destination as free text.
CREATE TABLE referral_transfer (
  id uuid PRIMARY KEY,
  patient_id uuid NOT NULL REFERENCES patient(id),
  from_facility_id uuid NOT NULL REFERENCES facility(id),
  to_facility_id uuid NOT NULL REFERENCES facility(id),
  state text NOT NULL CHECK (state IN ('sent', 'received', 'arrived', 'treated', 'counter_referral_returned', 'cancelled')),
  reason text NOT NULL,
  diagnosis text NOT NULL,
  icd10 text NOT NULL CHECK (icd10 ~ '^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$'),
  treatment_given text NOT NULL,
  condition_at_transfer text NOT NULL,
  transport text NOT NULL,
  accompanying_staff text,
  bhyt text CHECK (bhyt ~ '^[A-Z]{2}[1-5][0-9]{12}$'),
  counter_diagnosis text,
  counter_treatment text,
  counter_advice text,
  counter_follow_up text,
  cancel_reason text,
  created_by uuid REFERENCES app_user(id),
  sent_at timestamptz NOT NULL,
  received_at timestamptz,
  arrived_at timestamptz,
  treated_at timestamptz,
  returned_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX referral_transfer_to_idx ON referral_transfer(to_facility_id, state, sent_at);
CREATE INDEX referral_transfer_from_idx ON referral_transfer(from_facility_id, sent_at);
CREATE INDEX referral_transfer_patient_idx ON referral_transfer(patient_id, sent_at DESC);
