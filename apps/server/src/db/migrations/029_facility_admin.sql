-- The facility admin console (issue 15, point 8): facility settings kept as one validated JSON
-- document per facility, a flag that a password was reset by an admin (the user is told to change it),
-- who created and who deactivated an account, and indexes for the audit viewer's filters.

CREATE TABLE facility_setting (
  facility_id uuid PRIMARY KEY REFERENCES facility(id),
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES app_user(id)
);

ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN created_by uuid REFERENCES app_user(id);
ALTER TABLE app_user ADD COLUMN deactivated_at timestamptz;
ALTER TABLE app_user ADD COLUMN deactivated_by uuid REFERENCES app_user(id);

CREATE INDEX audit_user_seq_idx ON audit_log(user_id, seq);
CREATE INDEX audit_facility_seq_idx ON audit_log(facility_id, seq);
