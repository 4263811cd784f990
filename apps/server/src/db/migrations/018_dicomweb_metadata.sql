-- DICOMweb (issue 14): each instance's data set as DICOM JSON (PS3.18 Annex F), bulk data by URI
-- only, so QIDO-RS can match and return any attribute and WADO-RS metadata need not reread files.
-- Filled on ingest; rows stored before this migration are filled when first queried.
ALTER TABLE imaging_instance ADD COLUMN metadata jsonb;
-- Where an object came from and whether yte wrote it: yte's own SR/PR are never pulled back in by
-- the PACS sync, and results are written back only to the PACS the study came from.
ALTER TABLE imaging_study ADD COLUMN source_url text;
CREATE TABLE imaging_written (
  sop_instance_uid text PRIMARY KEY,
  study_uid text NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL
);
