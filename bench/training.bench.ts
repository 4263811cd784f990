/**
 * Training programme at national scale (issue 12: 15,000 health workers), on PostgreSQL:
 * - `enrolment import 15k`: POST /api/training/enrolments/import with a generated 15,000-row CSV
 *   (validation of every row, duplicate checks, one unnest insert, audit), end to end in process.
 * - `training dashboard p99 15k learners`: GET /api/training/dashboard (no filter: every group)
 *   over those 15,000 learners, 5,000 of them linked to accounts with a pre- and post-test per
 *   module, a learning event per attempt, and a CXR exercise each. The activity is written with
 *   plain SQL: the triggers of migration 025 keep the dashboard's pre-aggregated group tables in
 *   step, exactly as they do for the API's writes.
 */
import { enrolmentCsv } from '../apps/server/src/modules/training/enrolment.fixture.ts';
import { openTestApp } from '../apps/server/src/testing/harness.ts';
import { type Bench, percentile } from './lib.ts';

const ACTIVE = 5_000;

const bench: Bench = async (ctx) => {
  const t = await openTestApp('postgres');
  try {
    const cookie = await t.login('ql.hung');
    const headers = { cookie, 'x-requested-with': 'XMLHttpRequest' };
    const csv = enrolmentCsv(15_000, 'BVDK-TN');
    const t0 = performance.now();
    const res = await t.app.inject({ method: 'POST', url: '/api/training/enrolments/import', headers, payload: { csv } });
    const importS = (performance.now() - t0) / 1000;
    if (res.statusCode !== 200) throw new Error(`import: ${res.statusCode} ${res.body.slice(0, 500)}`);
    ctx.log(`imported 15,000 learners (${(csv.length / 1e6).toFixed(1)} MB CSV) in ${importS.toFixed(2)} s`);

    // Activity for the dashboard: accounts for 5,000 learners, tests in 5 modules, a CXR exercise.
    await t.db.exec(`
      CREATE TEMP TABLE bl AS SELECT national_id, (md5(national_id)::uuid) AS uid, row_number() OVER (ORDER BY national_id) AS k
        FROM training_learner ORDER BY national_id LIMIT ${ACTIVE};
      INSERT INTO app_user (id, username, full_name, password_hash, roles) SELECT uid, 'bench-' || national_id, 'Học viên ' || k, '!', ARRAY['nurse'] FROM bl;
      UPDATE training_learner l SET user_id = bl.uid FROM bl WHERE bl.national_id = l.national_id;
      INSERT INTO training_attempt (id, user_id, kind, module_id, seed, content_version, items, started_at, submitted_at, score, passed)
        SELECT md5(bl.national_id || ph || m)::uuid, bl.uid, ph, 'm' || m, 's', 'v', '[]'::jsonb, now(), now(),
               CASE ph WHEN 'pre' THEN ((bl.k + m) % 10) / 10.0 ELSE ((bl.k + m) % 5 + 5) / 10.0 END,
               CASE ph WHEN 'pre' THEN NULL ELSE ((bl.k + m) % 5 + 5) >= 8 END
          FROM bl, generate_series(1, 5) m, unnest(ARRAY['pre', 'post']) ph;
      INSERT INTO training_attempt (id, user_id, kind, exercise_id, seed, content_version, items, started_at, submitted_at, result, score, passed)
        SELECT md5(bl.national_id || 'cxr')::uuid, bl.uid, 'exercise', 'ex-cxr-reading', 's', 'v', '[]'::jsonb, now(), now(),
               jsonb_build_object('overReliance', (bl.k % 7) / 6.0), 0.8, true FROM bl;
      INSERT INTO training_event (id, user_id, verb, object_type, object_id, at)
        SELECT a.id, a.user_id, 'attempted', 'post-test', coalesce(a.module_id, a.exercise_id), now() FROM training_attempt a JOIN bl ON bl.uid = a.user_id;
      ANALYZE training_learner; ANALYZE training_attempt; ANALYZE training_event;`);

    const ask = async () => {
      const r = await t.app.inject({ method: 'GET', url: '/api/training/dashboard', headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`dashboard: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r;
    };
    if (process.env.YTE_EXPLAIN) {
      const { dashboardSql } = await import('../apps/server/src/modules/training/training.dashboard.ts');
      const [u] = await t.db.query<{ id: string }>("SELECT f.facility_id AS id FROM user_facility f JOIN app_user u ON u.id = f.user_id WHERE u.username = 'ql.hung'");
      for (const sql of dashboardSql) for (const r of await t.db.query<Record<string, string>>(`EXPLAIN ANALYZE ${sql}`, [[u!.id], null, null])) ctx.log(Object.values(r)[0]!);
    }
    const groups = (await ask()).json().groups as unknown[];
    for (let i = 0; i < 5; i++) await ask(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < (ctx.quick ? 40 : 200); i++) {
      const s = performance.now();
      await ask();
      samples.push(performance.now() - s);
    }
    const p99 = percentile(samples, 99);
    ctx.log(`dashboard: ${groups.length} groups, p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${samples.length} requests`);
    return [
      { name: 'enrolment import 15k', value: Number(importS.toFixed(2)), unit: 's', goal: '<= 10' },
      { name: 'training dashboard p99 15k learners', value: Number(p99.toFixed(1)), unit: 'ms', goal: '<= 200' },
    ];
  } finally {
    await t.close();
  }
};
export default bench;
