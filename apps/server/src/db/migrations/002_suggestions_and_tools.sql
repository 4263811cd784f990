-- Every AI or rule output is a suggestion; every tool that makes them is in the registry with a
-- lifecycle stage per facility. Governance reads both; nothing bypasses them.

CREATE TABLE ai_tool (
  id text PRIMARY KEY,                     -- e.g. 'news2', 'vendor-chexnet'
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rule', 'model', 'vendor')),
  current_version text NOT NULL,
  risk_tier text NOT NULL CHECK (risk_tier IN ('low', 'medium', 'high')),
  risk_rationale text NOT NULL DEFAULT '',
  model_card jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Stage per tool, globally (facility_id NULL) and optionally per facility (pilot sites).
-- The effective stage at a facility: 'suspended'/'retired' globally wins; else the facility row; else the global row.
CREATE TABLE ai_tool_stage (
  tool_id text NOT NULL REFERENCES ai_tool(id),
  facility_id uuid REFERENCES facility(id),
  stage text NOT NULL CHECK (stage IN ('sandbox', 'shadow', 'pilot', 'general', 'suspended', 'retired')),
  reason text NOT NULL,
  changed_by uuid REFERENCES app_user(id),
  changed_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ai_tool_stage_uq ON ai_tool_stage(tool_id, COALESCE(facility_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE TABLE suggestion (
  id uuid PRIMARY KEY,
  tool_id text NOT NULL REFERENCES ai_tool(id),
  tool_version text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('rule', 'model', 'vendor')),
  patient_id uuid NOT NULL REFERENCES patient(id),
  encounter_id uuid REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  subject_ref text,                        -- what it is about, e.g. 'Observation/…', 'ImagingStudy/…'
  inputs jsonb NOT NULL,
  inputs_hash text NOT NULL,
  output jsonb NOT NULL,
  explanation jsonb NOT NULL,
  summary text NOT NULL,
  summary_vi text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'urgent', 'emergency')),
  score double precision,                  -- the tool's numeric output where it has one (governance metrics)
  visibility text NOT NULL CHECK (visibility IN ('visible', 'shadow')),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'overridden', 'dismissed')),
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL,
  CHECK (status <> 'overridden' OR (reason IS NOT NULL AND length(trim(reason)) > 0))
);
CREATE INDEX suggestion_patient_idx ON suggestion(patient_id, created_at DESC);
CREATE INDEX suggestion_tool_idx ON suggestion(tool_id, created_at);
CREATE INDEX suggestion_open_idx ON suggestion(facility_id, status) WHERE status = 'proposed';

-- A suggestion is never silently changed: only its decision may be set, once.
CREATE FUNCTION suggestion_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'suggestions are never deleted'; END IF;
  IF NEW.tool_id <> OLD.tool_id OR NEW.tool_version <> OLD.tool_version OR NEW.inputs <> OLD.inputs
     OR NEW.output <> OLD.output OR NEW.explanation <> OLD.explanation OR NEW.patient_id <> OLD.patient_id
     OR NEW.created_at <> OLD.created_at OR NEW.visibility <> OLD.visibility OR NEW.summary <> OLD.summary THEN
    RAISE EXCEPTION 'a suggestion''s content is immutable';
  END IF;
  IF OLD.status <> 'proposed' THEN RAISE EXCEPTION 'this suggestion was already decided'; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER suggestion_guard BEFORE UPDATE OR DELETE ON suggestion FOR EACH ROW EXECUTE FUNCTION suggestion_guard();
