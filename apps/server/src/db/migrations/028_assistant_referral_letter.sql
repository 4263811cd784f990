-- Staff assistant: referral-letter drafts. The draft itself is a suggestion (tool
-- 'yte-referral-letter-draft', output = the draft with each field's source records); what a doctor
-- accepted, after editing, is kept here beside it (one row per accepted draft).
INSERT INTO ai_tool (id, name, kind, current_version, risk_tier, risk_rationale, model_card)
VALUES ('yte-referral-letter-draft', 'Referral letter draft (staff assistant)', 'rule', '1.0.0', 'low',
        'Extractive draft: every field is copied from the patient''s own records, or left for the doctor; the doctor edits and accepts before it is used.',
        '{"citation": "Fields of the referral paper (Giấy chuyển tuyến), Thông tư 14/2014/TT-BYT, Phụ lục 02"}'::jsonb)
ON CONFLICT (id) DO NOTHING;
INSERT INTO ai_tool_stage (tool_id, facility_id, stage, reason, changed_by, changed_at)
SELECT 'yte-referral-letter-draft', NULL, 'general', 'Extractive template over the record, registered by migration 028', NULL, now()
WHERE NOT EXISTS (SELECT 1 FROM ai_tool_stage WHERE tool_id = 'yte-referral-letter-draft' AND facility_id IS NULL);

CREATE TABLE assistant_referral_letter (
  suggestion_id uuid PRIMARY KEY REFERENCES suggestion(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  -- [{key, vi, en}] as accepted by the doctor
  fields jsonb NOT NULL,
  -- keys of the fields the doctor changed from the draft
  edited text[] NOT NULL,
  accepted_by uuid NOT NULL REFERENCES app_user(id),
  accepted_at timestamptz NOT NULL
);
CREATE INDEX assistant_referral_letter_patient_idx ON assistant_referral_letter (patient_id, accepted_at DESC);

-- "Which patients have NEWS2 ≥ 5": candidates by tool, facility and score (visible output only).
CREATE INDEX suggestion_tool_facility_score_idx ON suggestion (tool_id, facility_id, score) WHERE visibility = 'visible';
