-- Issue 12 follow-up.
-- 1. The badge's second secured form: the same credential as a VC-JWT (VC-JOSE-COSE, EdDSA, signed by
--    the same facility key), kept as issued. It verifies with one Ed25519 check (no JSON-LD
--    canonicalisation), which is what lets a batch verifier reach thousands of badges a second.
--    Badges issued before this migration get theirs signed on first download (Ed25519 is
--    deterministic, so it is the token the issuer would have made).
ALTER TABLE badge ADD COLUMN credential_jwt text;

-- 2. The cohort dashboard's figures, pre-aggregated and kept in step by triggers in the same
--    transaction as every write (so no path — API, import, bench, a manual fix — can leave them
--    stale). Two levels: per account (from attempts and learning events) and per dashboard group
--    (province × facility × role, from enrolled learners and their accounts' figures). The dashboard
--    then reads a few hundred rows instead of aggregating 15,000 learners and their attempts.
CREATE TABLE training_user_progress (
  user_id uuid PRIMARY KEY,
  events integer NOT NULL DEFAULT 0,           -- learning events (any: the learner has started)
  paths_completed integer NOT NULL DEFAULT 0,  -- 'completed' events on a role path
  post_n integer NOT NULL DEFAULT 0,           -- submitted post-tests
  post_passed integer NOT NULL DEFAULT 0,
  cxr_sum numeric NOT NULL DEFAULT 0,          -- Σ over-reliance of submitted CXR exercise attempts
  cxr_n integer NOT NULL DEFAULT 0
);
CREATE TABLE training_user_module (
  user_id uuid NOT NULL,
  module_id text NOT NULL,
  pre_sum numeric NOT NULL DEFAULT 0, pre_n integer NOT NULL DEFAULT 0,
  post_sum numeric NOT NULL DEFAULT 0, post_n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, module_id)
);
CREATE TABLE training_group_progress (
  province text NOT NULL, facility_id uuid NOT NULL, role text NOT NULL,
  enrolled integer NOT NULL DEFAULT 0, started integer NOT NULL DEFAULT 0, completed integer NOT NULL DEFAULT 0,
  post_n integer NOT NULL DEFAULT 0, post_passed integer NOT NULL DEFAULT 0,
  cxr_mean_sum numeric NOT NULL DEFAULT 0,     -- Σ over learners of their mean over-reliance
  cxr_learners integer NOT NULL DEFAULT 0,
  PRIMARY KEY (province, facility_id, role)
);
CREATE INDEX training_group_progress_facility_idx ON training_group_progress (facility_id);
CREATE TABLE training_group_module (
  province text NOT NULL, facility_id uuid NOT NULL, role text NOT NULL, module_id text NOT NULL,
  pre_sum numeric NOT NULL DEFAULT 0, pre_n integer NOT NULL DEFAULT 0,
  post_sum numeric NOT NULL DEFAULT 0, post_n integer NOT NULL DEFAULT 0,
  PRIMARY KEY (province, facility_id, role, module_id)
);
CREATE INDEX training_group_module_facility_idx ON training_group_module (facility_id);

-- Adds (sgn = 1) or removes (sgn = -1) the contribution of a set of learners to their groups.
CREATE FUNCTION training_group_apply(ps text[], fs uuid[], rs text[], us uuid[], sgn integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO training_group_progress AS g (province, facility_id, role, enrolled, started, completed, post_n, post_passed, cxr_mean_sum, cxr_learners)
  SELECT l.p, l.f, l.r, sgn * count(*), sgn * count(*) FILTER (WHERE u.events > 0), sgn * count(*) FILTER (WHERE u.paths_completed > 0),
         sgn * coalesce(sum(u.post_n), 0), sgn * coalesce(sum(u.post_passed), 0),
         sgn * coalesce(sum(u.cxr_sum / u.cxr_n) FILTER (WHERE u.cxr_n > 0), 0), sgn * count(*) FILTER (WHERE u.cxr_n > 0)
    FROM unnest(ps, fs, rs, us) AS l(p, f, r, uid) LEFT JOIN training_user_progress u ON u.user_id = l.uid
   GROUP BY l.p, l.f, l.r
  ON CONFLICT (province, facility_id, role) DO UPDATE SET
    enrolled = g.enrolled + EXCLUDED.enrolled, started = g.started + EXCLUDED.started, completed = g.completed + EXCLUDED.completed,
    post_n = g.post_n + EXCLUDED.post_n, post_passed = g.post_passed + EXCLUDED.post_passed,
    cxr_mean_sum = g.cxr_mean_sum + EXCLUDED.cxr_mean_sum, cxr_learners = g.cxr_learners + EXCLUDED.cxr_learners;
  INSERT INTO training_group_module AS g (province, facility_id, role, module_id, pre_sum, pre_n, post_sum, post_n)
  SELECT l.p, l.f, l.r, m.module_id, sgn * sum(m.pre_sum), sgn * sum(m.pre_n), sgn * sum(m.post_sum), sgn * sum(m.post_n)
    FROM unnest(ps, fs, rs, us) AS l(p, f, r, uid) JOIN training_user_module m ON m.user_id = l.uid
   GROUP BY l.p, l.f, l.r, m.module_id
  ON CONFLICT (province, facility_id, role, module_id) DO UPDATE SET
    pre_sum = g.pre_sum + EXCLUDED.pre_sum, pre_n = g.pre_n + EXCLUDED.pre_n, post_sum = g.post_sum + EXCLUDED.post_sum, post_n = g.post_n + EXCLUDED.post_n;
END $$;

-- Backfill from what exists, then keep in step.
INSERT INTO training_user_progress (user_id, events, paths_completed)
  SELECT user_id, count(*), count(*) FILTER (WHERE verb = 'completed' AND object_type = 'path') FROM training_event GROUP BY user_id;
INSERT INTO training_user_progress AS u (user_id, post_n, post_passed, cxr_sum, cxr_n)
  SELECT user_id, count(*) FILTER (WHERE kind = 'post'), count(*) FILTER (WHERE kind = 'post' AND passed),
         coalesce(sum((result->>'overReliance')::numeric) FILTER (WHERE exercise_id = 'ex-cxr-reading'), 0),
         count((result->>'overReliance')::numeric) FILTER (WHERE exercise_id = 'ex-cxr-reading')
    FROM training_attempt WHERE submitted_at IS NOT NULL GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET post_n = EXCLUDED.post_n, post_passed = EXCLUDED.post_passed, cxr_sum = EXCLUDED.cxr_sum, cxr_n = EXCLUDED.cxr_n;
INSERT INTO training_user_module (user_id, module_id, pre_sum, pre_n, post_sum, post_n)
  SELECT user_id, module_id, coalesce(sum(score) FILTER (WHERE kind = 'pre'), 0), count(score) FILTER (WHERE kind = 'pre'),
         coalesce(sum(score) FILTER (WHERE kind = 'post'), 0), count(score) FILTER (WHERE kind = 'post')
    FROM training_attempt WHERE submitted_at IS NOT NULL AND kind IN ('pre', 'post') GROUP BY user_id, module_id;
SELECT training_group_apply(array_agg(province), array_agg(facility_id), array_agg(role), array_agg(user_id), 1) FROM training_learner HAVING count(*) > 0;

-- An attempt's contribution to its account's figures (only once submitted).
CREATE FUNCTION training_attempt_apply(a training_attempt, sgn integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE over numeric;
BEGIN
  IF a.submitted_at IS NULL THEN RETURN; END IF;
  over := CASE WHEN a.exercise_id = 'ex-cxr-reading' THEN (a.result->>'overReliance')::numeric END;
  IF a.kind = 'post' OR over IS NOT NULL THEN
    INSERT INTO training_user_progress AS u (user_id, post_n, post_passed, cxr_sum, cxr_n)
    VALUES (a.user_id, sgn * (a.kind = 'post')::int, sgn * (a.kind = 'post' AND coalesce(a.passed, false))::int, sgn * coalesce(over, 0), sgn * (over IS NOT NULL)::int)
    ON CONFLICT (user_id) DO UPDATE SET post_n = u.post_n + EXCLUDED.post_n, post_passed = u.post_passed + EXCLUDED.post_passed,
      cxr_sum = u.cxr_sum + EXCLUDED.cxr_sum, cxr_n = u.cxr_n + EXCLUDED.cxr_n;
  END IF;
  IF a.kind IN ('pre', 'post') AND a.score IS NOT NULL THEN
    INSERT INTO training_user_module AS m (user_id, module_id, pre_sum, pre_n, post_sum, post_n)
    VALUES (a.user_id, a.module_id, CASE WHEN a.kind = 'pre' THEN sgn * a.score ELSE 0 END, CASE WHEN a.kind = 'pre' THEN sgn ELSE 0 END,
            CASE WHEN a.kind = 'post' THEN sgn * a.score ELSE 0 END, CASE WHEN a.kind = 'post' THEN sgn ELSE 0 END)
    ON CONFLICT (user_id, module_id) DO UPDATE SET pre_sum = m.pre_sum + EXCLUDED.pre_sum, pre_n = m.pre_n + EXCLUDED.pre_n,
      post_sum = m.post_sum + EXCLUDED.post_sum, post_n = m.post_n + EXCLUDED.post_n;
  END IF;
END $$;

CREATE FUNCTION training_attempt_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.submitted_at IS NOT DISTINCT FROM NEW.submitted_at AND OLD.score IS NOT DISTINCT FROM NEW.score
     AND OLD.passed IS NOT DISTINCT FROM NEW.passed AND OLD.result IS NOT DISTINCT FROM NEW.result AND OLD.user_id = NEW.user_id THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM training_attempt_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM training_attempt_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER training_attempt_progress_trg AFTER INSERT OR UPDATE OR DELETE ON training_attempt FOR EACH ROW EXECUTE FUNCTION training_attempt_progress();

CREATE FUNCTION training_event_progress() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO training_user_progress AS u (user_id, events, paths_completed)
  VALUES (NEW.user_id, 1, (NEW.verb = 'completed' AND NEW.object_type = 'path')::int)
  ON CONFLICT (user_id) DO UPDATE SET events = u.events + 1, paths_completed = u.paths_completed + EXCLUDED.paths_completed;
  RETURN NULL;
END $$;
CREATE TRIGGER training_event_progress_trg AFTER INSERT ON training_event FOR EACH ROW EXECUTE FUNCTION training_event_progress();

-- An account's figures changed: move its learner's group by the difference.
CREATE FUNCTION training_user_progress_group() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE l record;
  o_events integer := 0; o_paths integer := 0; o_post_n integer := 0; o_post_passed integer := 0; o_cxr_sum numeric := 0; o_cxr_n integer := 0;
BEGIN
  SELECT province, facility_id, role INTO l FROM training_learner WHERE user_id = NEW.user_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' THEN
    o_events := OLD.events; o_paths := OLD.paths_completed; o_post_n := OLD.post_n; o_post_passed := OLD.post_passed; o_cxr_sum := OLD.cxr_sum; o_cxr_n := OLD.cxr_n;
  END IF;
  UPDATE training_group_progress SET
    started = started + (NEW.events > 0)::int - (o_events > 0)::int,
    completed = completed + (NEW.paths_completed > 0)::int - (o_paths > 0)::int,
    post_n = post_n + NEW.post_n - o_post_n, post_passed = post_passed + NEW.post_passed - o_post_passed,
    cxr_mean_sum = cxr_mean_sum + CASE WHEN NEW.cxr_n > 0 THEN NEW.cxr_sum / NEW.cxr_n ELSE 0 END - CASE WHEN o_cxr_n > 0 THEN o_cxr_sum / o_cxr_n ELSE 0 END,
    cxr_learners = cxr_learners + (NEW.cxr_n > 0)::int - (o_cxr_n > 0)::int
  WHERE province = l.province AND facility_id = l.facility_id AND role = l.role;
  RETURN NULL;
END $$;
CREATE TRIGGER training_user_progress_group_trg AFTER INSERT OR UPDATE ON training_user_progress FOR EACH ROW EXECUTE FUNCTION training_user_progress_group();

CREATE FUNCTION training_user_module_group() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE l record;
BEGIN
  SELECT province, facility_id, role INTO l FROM training_learner WHERE user_id = NEW.user_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  INSERT INTO training_group_module AS g (province, facility_id, role, module_id, pre_sum, pre_n, post_sum, post_n)
  VALUES (l.province, l.facility_id, l.role, NEW.module_id,
          NEW.pre_sum - CASE WHEN TG_OP = 'UPDATE' THEN OLD.pre_sum ELSE 0 END, NEW.pre_n - CASE WHEN TG_OP = 'UPDATE' THEN OLD.pre_n ELSE 0 END,
          NEW.post_sum - CASE WHEN TG_OP = 'UPDATE' THEN OLD.post_sum ELSE 0 END, NEW.post_n - CASE WHEN TG_OP = 'UPDATE' THEN OLD.post_n ELSE 0 END)
  ON CONFLICT (province, facility_id, role, module_id) DO UPDATE SET
    pre_sum = g.pre_sum + EXCLUDED.pre_sum, pre_n = g.pre_n + EXCLUDED.pre_n, post_sum = g.post_sum + EXCLUDED.post_sum, post_n = g.post_n + EXCLUDED.post_n;
  RETURN NULL;
END $$;
CREATE TRIGGER training_user_module_group_trg AFTER INSERT OR UPDATE ON training_user_module FOR EACH ROW EXECUTE FUNCTION training_user_module_group();

-- Learners enrolled, moved between groups, linked to an account or removed: statement-level, so a
-- 15,000-row import costs two set-based upserts, not 15,000.
CREATE FUNCTION training_learner_group_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM training_group_apply(array_agg(province), array_agg(facility_id), array_agg(role), array_agg(user_id), 1) FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION training_learner_group_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM training_group_apply(array_agg(province), array_agg(facility_id), array_agg(role), array_agg(user_id), -1) FROM old_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION training_learner_group_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM training_group_apply(array_agg(province), array_agg(facility_id), array_agg(role), array_agg(user_id), -1) FROM old_rows HAVING count(*) > 0;
  PERFORM training_group_apply(array_agg(province), array_agg(facility_id), array_agg(role), array_agg(user_id), 1) FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER training_learner_group_ins_trg AFTER INSERT ON training_learner REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_learner_group_ins();
CREATE TRIGGER training_learner_group_del_trg AFTER DELETE ON training_learner REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION training_learner_group_del();
CREATE TRIGGER training_learner_group_upd_trg AFTER UPDATE ON training_learner REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION training_learner_group_upd();
