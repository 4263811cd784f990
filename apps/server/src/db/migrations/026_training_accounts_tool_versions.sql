-- Issue 12 follow-up.
-- 1. Linking enrolled learners to yte accounts. An account may carry the identifiers a province's
--    enrolment file uses (CCCD national id, employee id, e-mail); a learner is linked to the account
--    with the same one — automatically (on import, when the account opens its training, or when an
--    account gains the identifier later) or by a facility admin — and every link is audited.
ALTER TABLE app_user ADD COLUMN national_id text CHECK (national_id ~ '^[0-9]{12}$');
ALTER TABLE app_user ADD COLUMN employee_id text;
ALTER TABLE app_user ADD COLUMN email text CHECK (email = lower(email));
CREATE UNIQUE INDEX app_user_national_id_uq ON app_user (national_id) WHERE national_id IS NOT NULL;
CREATE UNIQUE INDEX app_user_employee_id_uq ON app_user (employee_id) WHERE employee_id IS NOT NULL;
CREATE UNIQUE INDEX app_user_email_uq ON app_user (email) WHERE email IS NOT NULL;

ALTER TABLE training_learner ADD COLUMN email text CHECK (email = lower(email));
ALTER TABLE training_learner ADD COLUMN employee_id text;
ALTER TABLE training_learner ADD COLUMN linked_at timestamptz;
ALTER TABLE training_learner ADD COLUMN linked_by uuid REFERENCES app_user(id);
ALTER TABLE training_learner ADD COLUMN link_method text CHECK (link_method IN ('national_id', 'employee_id', 'email', 'admin'));
CREATE INDEX training_learner_email_idx ON training_learner (email) WHERE email IS NOT NULL AND user_id IS NULL;
CREATE INDEX training_learner_employee_idx ON training_learner (employee_id) WHERE employee_id IS NOT NULL AND user_id IS NULL;

-- 2. A material new version of an AI tool requires a refresher. The governance officer marks a
--    recorded version as material (its changes matter to how a user must read the outputs); users
--    who unlocked the tool by training before that version must pass its refresher (the version's
--    notes and the requirement's refresher lessons) before the tool opens again.
ALTER TABLE ai_tool_version ADD COLUMN material boolean NOT NULL DEFAULT false;
ALTER TABLE ai_tool_training_requirement ADD COLUMN refresher_items text[] NOT NULL DEFAULT '{}';
CREATE TABLE training_refresher_done (
  user_id uuid NOT NULL REFERENCES app_user(id),
  tool_id text NOT NULL REFERENCES ai_tool(id),
  version text NOT NULL,
  done_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, tool_id, version),
  FOREIGN KEY (tool_id, version) REFERENCES ai_tool_version (tool_id, version)
);
