-- Training programme enrolment (issue 12): learners imported from a province's or facility's CSV,
-- one per national id (CCCD), linked to a yte account once they sign in (user_id).
CREATE TABLE training_learner (
  national_id text PRIMARY KEY CHECK (national_id ~ '^[0-9]{12}$'),
  full_name text NOT NULL,
  role text NOT NULL,
  facility_id uuid NOT NULL REFERENCES facility(id),
  province text NOT NULL,
  cohort text NOT NULL,
  start_date date NOT NULL,
  user_id uuid REFERENCES app_user(id),
  enrolled_by uuid NOT NULL REFERENCES app_user(id),
  enrolled_at timestamptz NOT NULL
);
CREATE INDEX training_learner_group_idx ON training_learner (province, facility_id, role);
CREATE UNIQUE INDEX training_learner_user_uq ON training_learner (user_id) WHERE user_id IS NOT NULL;
