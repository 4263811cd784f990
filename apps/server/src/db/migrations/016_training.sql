-- AI training programme (issue 12): lesson progress, test and exercise attempts with their seeds,
-- per-item responses for item analysis, learning events (the seam the xAPI LRS reads), and the
-- training an AI tool requires with audited, time-limited exemptions.

CREATE TABLE training_lesson_done (
  user_id uuid NOT NULL REFERENCES app_user(id),
  lesson_id text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('vi', 'en')),
  done_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, lesson_id)
);

-- One row per pre-test, post-test or exercise attempt. `items` is what was drawn (from `seed`, kept
-- so the attempt can be rebuilt and audited); `answers` and `result` are set on submission.
CREATE TABLE training_attempt (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  kind text NOT NULL CHECK (kind IN ('pre', 'post', 'exercise')),
  module_id text,
  exercise_id text,
  seed text NOT NULL,
  content_version text NOT NULL,
  items jsonb NOT NULL,
  started_at timestamptz NOT NULL,
  submitted_at timestamptz,
  answers jsonb,
  result jsonb,
  score numeric,
  passed boolean,
  CHECK ((kind = 'exercise') = (exercise_id IS NOT NULL)),
  CHECK ((kind <> 'exercise') = (module_id IS NOT NULL))
);
CREATE INDEX training_attempt_user_idx ON training_attempt (user_id, kind, module_id, started_at);
CREATE INDEX training_attempt_exercise_idx ON training_attempt (exercise_id, submitted_at) WHERE exercise_id IS NOT NULL;
-- At most one pre-test per learner and module.
CREATE UNIQUE INDEX training_pre_once_uq ON training_attempt (user_id, module_id) WHERE kind = 'pre';

CREATE TABLE training_item_response (
  attempt_id uuid NOT NULL REFERENCES training_attempt(id),
  question_id text NOT NULL,
  module_id text NOT NULL,
  phase text NOT NULL CHECK (phase IN ('pre', 'post')),
  user_id uuid NOT NULL,
  correct boolean NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX training_item_response_module_idx ON training_item_response (module_id, phase);

-- Every learning event (lesson completed, attempt started/submitted, exercise passed, path completed),
-- in the platform's words; the xAPI module turns these into statements.
CREATE TABLE training_event (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  verb text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  result jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX training_event_user_idx ON training_event (user_id, at);

-- The training an AI tool requires before a user sees its outputs (lesson ids, exercise ids,
-- '<module>:post').
CREATE TABLE ai_tool_training_requirement (
  tool_id text PRIMARY KEY REFERENCES ai_tool(id),
  items text[] NOT NULL,
  set_by uuid REFERENCES app_user(id),
  set_at timestamptz NOT NULL
);

CREATE TABLE training_exemption (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user(id),
  tool_id text NOT NULL REFERENCES ai_tool(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  reason text NOT NULL,
  granted_by uuid NOT NULL REFERENCES app_user(id),
  granted_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > granted_at)
);
CREATE INDEX training_exemption_user_idx ON training_exemption (user_id, tool_id, expires_at);

-- The training sandbox: a facility of synthetic patients where learners practise on the real screens.
-- Its records never mix with real ones (facility scoping) and its audit entries carry training: true.
ALTER TABLE facility ADD COLUMN training boolean NOT NULL DEFAULT false;
