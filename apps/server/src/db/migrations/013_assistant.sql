-- Hospital assistant: the document library it answers from (per facility, versioned, approved before
-- use) and the de-identified log of patient questions (quality review, thumbs, gap list).
CREATE TABLE assistant_document (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  -- one document across its versions; a new version replaces the old in answers, the old stays
  doc_key uuid NOT NULL,
  version int NOT NULL,
  title text NOT NULL,
  language text NOT NULL CHECK (language IN ('vi', 'en')),
  effective_date date,
  owner text NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'approved', 'retired')),
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('markdown', 'html', 'text', 'pdf', 'docx')),
  -- extracted text in the chunker's format (Markdown for PDF/DOCX)
  content text NOT NULL,
  sha256 text NOT NULL,
  passages int NOT NULL,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  approved_by uuid REFERENCES app_user(id),
  approved_at timestamptz,
  UNIQUE (doc_key, version)
);
CREATE INDEX assistant_document_facility_idx ON assistant_document (facility_id, state);

CREATE TABLE assistant_question_log (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  at timestamptz NOT NULL,
  -- the question with phone numbers, e-mail addresses and ID numbers masked; no address, no session
  question text NOT NULL,
  lang text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('answered', 'no_answer', 'refused', 'emergency', 'other_language')),
  answer text NOT NULL,
  citations jsonb NOT NULL,
  helpful boolean,
  rated_at timestamptz
);
CREATE INDEX assistant_question_log_facility_idx ON assistant_question_log (facility_id, outcome, at DESC);
