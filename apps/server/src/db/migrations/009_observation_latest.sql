-- NEWS2 scoring needs each vital sign's latest value in the last hour. A bedside monitor at 1 Hz
-- leaves ~25,000 rows per patient in that hour; reading them all on every batch was the ingest
-- path's largest cost. With (patient, code, time) the latest of each code is one index probe.
CREATE INDEX observation_patient_code_idx ON observation (patient_id, code, effective_at DESC);
