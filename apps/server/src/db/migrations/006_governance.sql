-- Governance: tool versions, licence, national-portal notification, stage history, outcomes,
-- validation baselines and incidents. The tool registry itself (ai_tool, ai_tool_stage) is in 002.

ALTER TABLE ai_tool ADD COLUMN licence text NOT NULL DEFAULT '';
ALTER TABLE ai_tool ADD COLUMN portal_notification jsonb;           -- {date, referenceNumber, status}
ALTER TABLE ai_tool ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb; -- {autoSuspend, threshold, claims}
ALTER TABLE ai_tool ADD COLUMN change_plan jsonb;                   -- predetermined change control plan {coversVersions: [...], description}

CREATE TABLE ai_tool_version (
  tool_id text NOT NULL REFERENCES ai_tool(id),
  version text NOT NULL,
  released_at date,
  notes text NOT NULL DEFAULT '',
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tool_id, version)
);

-- Every stage decision, never changed (ai_tool_stage holds only the current one).
CREATE TABLE ai_tool_stage_history (
  id uuid PRIMARY KEY,
  tool_id text NOT NULL REFERENCES ai_tool(id),
  tool_version text NOT NULL,
  facility_id uuid REFERENCES facility(id),
  from_stage text,
  to_stage text NOT NULL,
  reason text NOT NULL CHECK (length(trim(reason)) > 0),
  performance_report_id text,
  change_plan text,
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz NOT NULL,
  automatic boolean NOT NULL DEFAULT false
);
CREATE INDEX ai_tool_stage_history_idx ON ai_tool_stage_history(tool_id, decided_at);

-- Reference truth for a suggestion (a confirmed diagnosis or a reference reading).
-- labels: {"<finding>": 0|1}; a single-output tool uses the key "positive".
CREATE TABLE outcome (
  id uuid PRIMARY KEY,
  suggestion_id uuid REFERENCES suggestion(id),
  patient_id uuid REFERENCES patient(id),
  subject_ref text,
  labels jsonb NOT NULL,
  source text NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX outcome_suggestion_idx ON outcome(suggestion_id);

-- Validation baseline per tool and finding ('*' = the tool's main score): score sample for drift and claims.
CREATE TABLE governance_baseline (
  tool_id text NOT NULL REFERENCES ai_tool(id),
  label text NOT NULL,
  scores double precision[] NOT NULL,
  claims jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (tool_id, label)
);

CREATE TABLE incident (
  id uuid PRIMARY KEY,
  tool_id text NOT NULL REFERENCES ai_tool(id),
  tool_version text NOT NULL,
  patient_id uuid REFERENCES patient(id),
  facility_id uuid REFERENCES facility(id),
  description text NOT NULL CHECK (length(trim(description)) > 0),
  harm text NOT NULL CHECK (harm IN ('none', 'minor', 'moderate', 'severe', 'death')),
  serious boolean NOT NULL,
  occurred_at timestamptz NOT NULL,
  reported_by uuid NOT NULL REFERENCES app_user(id),
  reported_at timestamptz NOT NULL,
  notify_deadline timestamptz,
  notified_at timestamptz,
  suspended_tool boolean NOT NULL DEFAULT false
);
CREATE INDEX incident_tool_idx ON incident(tool_id, reported_at);

-- Data version per tool, bumped once per statement that adds or changes its suggestions or
-- outcomes: the performance dashboard's cache checks it with one primary-key read.
-- tool_id '*' counts outcomes that name no suggestion (they may concern any tool).
CREATE TABLE governance_data_version (tool_id text PRIMARY KEY, v bigint NOT NULL);
CREATE FUNCTION governance_bump_suggestion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO governance_data_version (tool_id, v) SELECT DISTINCT tool_id, 1 FROM new_rows
    ON CONFLICT (tool_id) DO UPDATE SET v = governance_data_version.v + 1;
  RETURN NULL;
END $$;
CREATE FUNCTION governance_bump_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO governance_data_version (tool_id, v)
    SELECT DISTINCT COALESCE(s.tool_id, '*'), 1 FROM new_rows o LEFT JOIN suggestion s ON s.id = o.suggestion_id
    ON CONFLICT (tool_id) DO UPDATE SET v = governance_data_version.v + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER governance_bump_suggestion_ins AFTER INSERT ON suggestion REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_bump_suggestion();
CREATE TRIGGER governance_bump_suggestion_upd AFTER UPDATE ON suggestion REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_bump_suggestion();
CREATE TRIGGER governance_bump_outcome_ins AFTER INSERT ON outcome REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_bump_outcome();
CREATE TRIGGER governance_bump_outcome_upd AFTER UPDATE ON outcome REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_bump_outcome();
