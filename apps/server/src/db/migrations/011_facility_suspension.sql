-- Facility-scoped suspension from the front line (issue 11): a serious incident reported by
-- staff suspends the tool at the reporter's facility only (an ai_tool_stage row for that
-- facility); the incident records the scope, and the governance officer is told at once by a
-- notification that stays open until acknowledged.

ALTER TABLE incident ADD COLUMN suspension_scope text CHECK (suspension_scope IN ('facility', 'global'));
UPDATE incident SET suspension_scope = 'global' WHERE suspended_tool;

CREATE TABLE governance_notification (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('facility_suspension')),
  tool_id text NOT NULL REFERENCES ai_tool(id),
  facility_id uuid REFERENCES facility(id),
  incident_id uuid REFERENCES incident(id),
  message text NOT NULL,
  message_vi text NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES app_user(id),
  acknowledged_at timestamptz
);
CREATE INDEX governance_notification_open_idx ON governance_notification(created_at) WHERE acknowledged_at IS NULL;
