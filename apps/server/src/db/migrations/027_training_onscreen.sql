-- Exercises on the platform's real screens (issue 12, item 2): each attempt (a training_attempt of
-- kind exercise) gets its own synthetic patient in the training sandbox facility, where the learner
-- records and decides on the real patient page; the attempt is scored from her audited actions there.
CREATE TABLE training_onscreen_case (
  attempt_id uuid PRIMARY KEY REFERENCES training_attempt(id),
  patient_id uuid NOT NULL UNIQUE REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  user_id uuid NOT NULL REFERENCES app_user(id)
);
CREATE INDEX training_onscreen_case_user_idx ON training_onscreen_case (user_id);
