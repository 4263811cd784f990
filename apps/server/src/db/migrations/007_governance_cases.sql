-- Governance: where a baseline's claims come from, and a compact projection of every suggestion
-- for the dashboard's statistics, kept on write by the triggers below, so that the first
-- (uncached) dashboard view reads one narrow row per case from one table instead of joining
-- suggestion, outcome, patient and facility and parsing JSON per row (≈ 600 ms of SQL and array
-- parsing at 100 k suggestions before; see bench/governance-api.bench.ts).

-- Where a baseline's claims come from (e.g. the vendor's published figures, and any caveat).
ALTER TABLE governance_baseline ADD COLUMN claims_source text NOT NULL DEFAULT '';

-- The label keys of a tool's outputs ('Effusion', 'Pneumonia'…), numbered densely per tool from 1.
-- Label idx k is cell k of governance_case.rec; cell 0 is the tool's main score (label '*').
CREATE TABLE governance_label (
  tool_id text NOT NULL REFERENCES ai_tool(id),
  label text NOT NULL,
  idx smallint NOT NULL CHECK (idx >= 1),
  PRIMARY KEY (tool_id, label),
  UNIQUE (tool_id, idx)
);

-- The facilities that have cases, numbered densely from 1: the number is stored per case (who),
-- so that the dashboard reads every case in one pass without grouping by facility.
CREATE TABLE governance_facility (
  facility_id uuid PRIMARY KEY REFERENCES facility(id),
  num integer NOT NULL UNIQUE CHECK (num BETWEEN 1 AND 32767)
);

-- One row per suggestion, written only by the triggers of this file (no foreign key: suggestions
-- are never deleted, and the check would cost every clinical write another index probe).
--   rec: 9 bytes per cell: the score as big-endian float8 (NaN = no finite score for this label),
--        then the reference truth (0, 1, or 255 = unknown). A row written before a label existed
--        is shorter: it has no cell for it.
--   who: 4 bytes: age in whole years on the (UTC) day of the suggestion, clamped to 0–255; sex
--        initial (f, m, o); governance_facility.num as big-endian int2.
CREATE TABLE governance_case (
  suggestion_id uuid PRIMARY KEY,
  tool_id text NOT NULL,
  created_at timestamptz NOT NULL,
  who bytea NOT NULL,
  rec bytea NOT NULL
);
CREATE INDEX governance_case_tool_idx ON governance_case(tool_id, created_at);

-- The projection of some suggestions, set-based (one call per statement, no per-row function calls).
-- A cell's score: output.scores[label] for multi-label tools, else the main score when output.label
-- names the label (one finding per suggestion, e.g. imaging); cell 0: the main score. Non-numbers,
-- ±Infinity and NaN count as no score (the statistics need finite numbers).
-- A cell's truth: the latest outcome's label (key 'positive' for cell 0) when the suggestion has an
-- outcome — a number ≠ 0, a boolean, or "0"/"1"; anything else is unknown —, otherwise the
-- clinician's decision: accepted = 1, overridden or dismissed = 0, still proposed = unknown.
CREATE FUNCTION governance_case_rows(ids uuid[]) RETURNS TABLE (suggestion_id uuid, tool_id text, created_at timestamptz, who bytea, rec bytea) LANGUAGE sql STABLE AS $$
  SELECT s.id, s.tool_id, s.created_at,
         set_byte(set_byte('\x0000'::bytea || int2send(gf.num::int2), 0,
                           LEAST(GREATEST(date_part('year', age((s.created_at AT TIME ZONE 'UTC')::date, p.birth_date))::int, 0), 255)), 1, ascii(p.sex)),
         (SELECT string_agg(float8send(CASE WHEN v.x <> 'Infinity'::float8 AND v.x <> '-Infinity'::float8 AND v.x <> 'NaN'::float8 THEN v.x ELSE 'NaN'::float8 END)
                            || CASE v.t WHEN true THEN '\x01'::bytea WHEN false THEN '\x00'::bytea ELSE '\xff'::bytea END, ''::bytea ORDER BY v.idx)
            FROM (SELECT l.idx,
                         CASE WHEN l.label IS NULL THEN s.score
                              WHEN jsonb_typeof(s.output -> 'scores') = 'object' THEN
                                CASE WHEN jsonb_typeof(s.output -> 'scores' -> l.label) = 'number' THEN (s.output -> 'scores' ->> l.label)::float8 END
                              WHEN s.output ->> 'label' = l.label THEN s.score END AS x,
                         CASE WHEN o.labels IS NOT NULL THEN
                                CASE jsonb_typeof(o.labels -> l.key)
                                  WHEN 'number' THEN (o.labels ->> l.key)::numeric <> 0
                                  WHEN 'boolean' THEN (o.labels ->> l.key)::boolean
                                  WHEN 'string' THEN CASE o.labels ->> l.key WHEN '1' THEN true WHEN '0' THEN false END END
                              WHEN s.status = 'accepted' THEN true
                              WHEN s.status IN ('overridden', 'dismissed') THEN false END AS t
                    FROM (SELECT 0 AS idx, NULL::text AS label, 'positive' AS key
                          UNION ALL SELECT g.idx, g.label, g.label FROM governance_label g WHERE g.tool_id = s.tool_id) l) v)
    FROM unnest(ids) i(id) JOIN suggestion s ON s.id = i.id JOIN patient p ON p.id = s.patient_id
    JOIN governance_facility gf ON gf.facility_id = s.facility_id
    LEFT JOIN LATERAL (SELECT labels FROM outcome WHERE outcome.suggestion_id = s.id ORDER BY recorded_at DESC, id DESC LIMIT 1) o ON true
$$;

-- The label keys an output carries.
CREATE FUNCTION governance_output_labels(output jsonb) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_object_keys(output -> 'scores') WHERE jsonb_typeof(output -> 'scores') = 'object'
  UNION ALL
  SELECT output ->> 'label' WHERE jsonb_typeof(output -> 'scores') IS DISTINCT FROM 'object' AND jsonb_typeof(output -> 'label') = 'string'
$$;

CREATE FUNCTION governance_case_suggestion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM new_rows n, governance_output_labels(n.output) k(label)
                WHERE NOT EXISTS (SELECT 1 FROM governance_label g WHERE g.tool_id = n.tool_id AND g.label = k.label))
       OR EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM governance_facility g WHERE g.facility_id = n.facility_id)) THEN
      -- Numbering is max + 1, so writers of new labels or facilities take turns (rare: the first
      -- case of each). The key is the audit chain's (audit.repo.ts): nearly every writer takes
      -- that lock anyway, and one lock cannot deadlock.
      PERFORM pg_advisory_xact_lock(74110001);
      INSERT INTO governance_facility (facility_id, num)
        SELECT f.facility_id, COALESCE((SELECT max(num) FROM governance_facility), 0) + row_number() OVER (ORDER BY f.facility_id)
          FROM (SELECT DISTINCT facility_id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM governance_facility g WHERE g.facility_id = n.facility_id)) f;
      INSERT INTO governance_label (tool_id, label, idx)
        SELECT k.tool_id, k.label, COALESCE((SELECT max(g.idx) FROM governance_label g WHERE g.tool_id = k.tool_id), 0)
                                   + row_number() OVER (PARTITION BY k.tool_id ORDER BY k.label)
          FROM (SELECT DISTINCT n.tool_id, x.label FROM new_rows n, governance_output_labels(n.output) x(label)
                 WHERE NOT EXISTS (SELECT 1 FROM governance_label g WHERE g.tool_id = n.tool_id AND g.label = x.label)) k;
    END IF;
    INSERT INTO governance_case SELECT * FROM governance_case_rows(ARRAY(SELECT id FROM new_rows));
  ELSE
    -- Only a decision can change (suggestion_guard): it is the truth where no outcome exists.
    UPDATE governance_case c SET rec = r.rec
      FROM governance_case_rows(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status)) r
     WHERE c.suggestion_id = r.suggestion_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER governance_case_suggestion_ins AFTER INSERT ON suggestion REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_case_suggestion();
CREATE TRIGGER governance_case_suggestion_upd AFTER UPDATE ON suggestion REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_case_suggestion();

CREATE FUNCTION governance_case_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE governance_case c SET rec = r.rec
    FROM governance_case_rows(ARRAY(SELECT DISTINCT suggestion_id FROM new_rows WHERE suggestion_id IS NOT NULL)) r
   WHERE c.suggestion_id = r.suggestion_id;
  RETURN NULL;
END $$;
CREATE TRIGGER governance_case_outcome_ins AFTER INSERT ON outcome REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_case_outcome();
CREATE TRIGGER governance_case_outcome_upd AFTER UPDATE ON outcome REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION governance_case_outcome();

-- A corrected sex or birth date moves the patient's cases to other subgroups, and the dashboard's
-- cache (governance_data_version) must notice.
CREATE FUNCTION governance_case_patient() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE governance_case c SET who = r.who
    FROM governance_case_rows(ARRAY(SELECT id FROM suggestion WHERE patient_id = NEW.id)) r
   WHERE c.suggestion_id = r.suggestion_id;
  INSERT INTO governance_data_version (tool_id, v) SELECT DISTINCT tool_id, 1 FROM suggestion WHERE patient_id = NEW.id
    ON CONFLICT (tool_id) DO UPDATE SET v = governance_data_version.v + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER governance_case_patient AFTER UPDATE OF sex, birth_date ON patient
  FOR EACH ROW WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.birth_date IS DISTINCT FROM NEW.birth_date) EXECUTE FUNCTION governance_case_patient();

-- Facility type and province are joined at read time; a change invalidates every tool's cache ('*').
CREATE FUNCTION governance_bump_facility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO governance_data_version (tool_id, v) VALUES ('*', 1) ON CONFLICT (tool_id) DO UPDATE SET v = governance_data_version.v + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER governance_bump_facility AFTER UPDATE OF kind, province ON facility FOR EACH STATEMENT EXECUTE FUNCTION governance_bump_facility();

-- Existing data.
INSERT INTO governance_facility (facility_id, num)
  SELECT facility_id, row_number() OVER (ORDER BY facility_id) FROM (SELECT DISTINCT facility_id FROM suggestion) f;
INSERT INTO governance_label (tool_id, label, idx)
  SELECT tool_id, label, row_number() OVER (PARTITION BY tool_id ORDER BY label)
    FROM (SELECT DISTINCT s.tool_id, k.label FROM suggestion s, governance_output_labels(s.output) k(label)) x;
INSERT INTO governance_case SELECT * FROM governance_case_rows(ARRAY(SELECT id FROM suggestion));
