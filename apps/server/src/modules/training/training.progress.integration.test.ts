/**
 * The dashboard's pre-aggregated figures (migration 025: training_group_progress/_module kept by
 * triggers) must equal the same figures computed from the raw tables, whatever the order of writes:
 * enrolment, linking an account, attempts started then submitted, CXR exercises, learning events,
 * a learner moved to another role, unlinked, or removed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { enrolmentCsv } from './enrolment.fixture.ts';

// The pre-025 dashboard queries over the raw tables: the reference.
const REF_BASE = `WITH l AS (SELECT province, facility_id, role, user_id FROM training_learner),
  ev AS (SELECT user_id, bool_or(verb = 'completed' AND object_type = 'path') AS done FROM training_event GROUP BY user_id),
  att AS (SELECT user_id, count(*) FILTER (WHERE kind = 'post' AND passed) AS passed, count(*) FILTER (WHERE kind = 'post') AS n,
                 avg((result->>'overReliance')::numeric) FILTER (WHERE exercise_id = 'ex-cxr-reading') AS over
            FROM training_attempt WHERE submitted_at IS NOT NULL GROUP BY user_id)
  SELECT l.province, l.facility_id::text, l.role, count(*)::int AS enrolled, count(ev.user_id)::int AS started, count(*) FILTER (WHERE ev.done)::int AS completed,
         round(sum(att.passed)::numeric / nullif(sum(att.n), 0), 9)::text AS pass_rate, round(avg(att.over), 9)::text AS over
    FROM l LEFT JOIN ev ON ev.user_id = l.user_id LEFT JOIN att ON att.user_id = l.user_id
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
const REF_GAIN = `SELECT l.province, l.facility_id::text, l.role, a.module_id,
         round(avg(a.score) FILTER (WHERE a.kind = 'pre'), 9)::text AS pre, round(avg(a.score) FILTER (WHERE a.kind = 'post'), 9)::text AS post
    FROM training_learner l JOIN training_attempt a ON a.user_id = l.user_id AND a.kind IN ('pre', 'post') AND a.submitted_at IS NOT NULL
   GROUP BY 1, 2, 3, 4 HAVING count(a.score) > 0 ORDER BY 1, 2, 3, 4`;
const AGG_BASE = `SELECT province, facility_id::text, role, enrolled, started, completed,
         round(post_passed::numeric / nullif(post_n, 0), 9)::text AS pass_rate, round(cxr_mean_sum / nullif(cxr_learners, 0), 9)::text AS over
    FROM training_group_progress WHERE enrolled > 0 ORDER BY 1, 2, 3`;
const AGG_GAIN = `SELECT province, facility_id::text, role, module_id,
         round(pre_sum / nullif(pre_n, 0), 9)::text AS pre, round(post_sum / nullif(post_n, 0), 9)::text AS post
    FROM training_group_module WHERE pre_n > 0 OR post_n > 0 ORDER BY 1, 2, 3, 4`;

describe.each(ENGINES)('training progress aggregates on %s', (engine) => {
  let t: TestApp;
  const same = async (step: string) => {
    expect(await t.db.query(AGG_BASE), `${step}: groups`).toEqual(await t.db.query(REF_BASE));
    expect(await t.db.query(AGG_GAIN), `${step}: modules`).toEqual(await t.db.query(REF_GAIN));
  };

  beforeAll(async () => {
    t = await openTestApp(engine);
  });
  afterAll(async () => { await t.close(); });

  it('stay equal to the raw figures through every kind of write', async () => {
    const hung = await t.login('ql.hung');
    const res = await t.app.inject({ method: 'POST', url: '/api/training/enrolments/import', headers: { cookie: hung, 'x-requested-with': 'XMLHttpRequest' }, payload: { csv: enrolmentCsv(400, 'BVDK-TN') } });
    expect(res.statusCode, res.body).toBe(200);
    await same('after import');
    expect((await t.db.query<{ n: number }>('SELECT sum(enrolled)::int AS n FROM training_group_progress'))[0]!.n).toBe(400);

    // 60 accounts linked; attempts inserted unsubmitted, then half submitted; events; CXR exercises.
    await t.db.exec(`
      CREATE TEMP TABLE pl AS SELECT national_id, md5('pl' || national_id)::uuid AS uid, row_number() OVER (ORDER BY national_id) AS k
        FROM training_learner ORDER BY national_id LIMIT 60;
      INSERT INTO app_user (id, username, full_name, password_hash, roles) SELECT uid, 'pl-' || national_id, 'Học viên ' || k, '!', ARRAY['nurse'] FROM pl;`);
    // Some activity BEFORE the account is linked to its learner (it must follow the account on linking).
    await t.db.exec(`
      INSERT INTO training_attempt (id, user_id, kind, module_id, seed, content_version, items, started_at, submitted_at, score, passed)
        SELECT md5(pl.national_id || 'early')::uuid, pl.uid, 'pre', 'm1-intro', 's', 'v', '[]'::jsonb, now(), now(), (k % 10) / 10.0, NULL FROM pl WHERE k % 3 = 0;
      INSERT INTO training_event (id, user_id, verb, object_type, object_id, at) SELECT md5(pl.national_id || 'e0')::uuid, pl.uid, 'experienced', 'lesson', 'l1', now() FROM pl WHERE k % 3 = 0;
      UPDATE training_learner l SET user_id = pl.uid FROM pl WHERE pl.national_id = l.national_id;`);
    await same('after linking');
    await t.db.exec(`
      INSERT INTO training_attempt (id, user_id, kind, module_id, seed, content_version, items, started_at)
        SELECT md5(pl.national_id || ph || m)::uuid, pl.uid, ph, 'm' || m, 's', 'v', '[]'::jsonb, now()
          FROM pl, generate_series(2, 4) m, unnest(ARRAY['pre', 'post']) ph;
      INSERT INTO training_attempt (id, user_id, kind, exercise_id, seed, content_version, items, started_at, submitted_at, result, score, passed)
        SELECT md5(pl.national_id || 'cxr' || n)::uuid, pl.uid, 'exercise', 'ex-cxr-reading', 's', 'v', '[]'::jsonb, now(), now(),
               CASE WHEN k % 5 = 0 THEN '{}'::jsonb ELSE jsonb_build_object('overReliance', ((k + n) % 7) / 6.0) END, 0.8, true
          FROM pl, generate_series(1, 2) n WHERE k % 2 = 0;`);
    await same('after unsubmitted attempts');
    await t.db.exec(`
      UPDATE training_attempt SET submitted_at = now(), score = ((length(id::text) + ascii(id::text)) % 10) / 10.0,
             passed = CASE WHEN kind = 'post' THEN ascii(id::text) % 2 = 0 END
       WHERE kind IN ('pre', 'post') AND submitted_at IS NULL AND ascii(right(id::text, 1)) % 2 = 0;
      INSERT INTO training_event (id, user_id, verb, object_type, object_id, at)
        SELECT md5(pl.national_id || 'done')::uuid, pl.uid, 'completed', 'path', 'station_staff', now() FROM pl WHERE k % 4 = 0;
      UPDATE training_attempt SET passed = NOT passed WHERE kind = 'post' AND submitted_at IS NOT NULL AND ascii(id::text) % 3 = 0;`);
    await same('after submissions, completions and a re-mark');

    // Moves, unlinking, removal.
    await t.db.exec(`
      UPDATE training_learner SET role = 'doctor' WHERE user_id IN (SELECT uid FROM pl WHERE k % 5 = 1);
      UPDATE training_learner SET user_id = NULL WHERE user_id IN (SELECT uid FROM pl WHERE k % 7 = 2);
      DELETE FROM training_learner WHERE national_id IN (SELECT national_id FROM pl WHERE k % 11 = 3);
      DELETE FROM training_attempt WHERE kind = 'exercise' AND ascii(id::text) % 4 = 0;`);
    await same('after moves, unlinking and removals');
    const groups = await t.db.query<{ started: number; completed: number }>(AGG_BASE);
    expect(groups.some((g) => g.started > 0)).toBe(true);
    expect(groups.some((g) => g.completed > 0)).toBe(true);
  });
});
