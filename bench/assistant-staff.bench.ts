/**
 * Staff assistant over a 100 k-patient facility, through the HTTP API (app.inject: session, routing,
 * validation, the owning modules' services, SQL, one audit entry per record read), on PGlite (the
 * embedded default) and PostgreSQL. Data, generated in SQL: 100 k patients in the hospital, a NEWS2
 * suggestion for each (a second, later one for a fifth of them), and for 2,000 of them 48 h of vital
 * signs every 4 h, two lab results, an encounter, an open alert for one in ten.
 * Questions, in turn: "which patients have NEWS2 ≥ 5 / ≥ 7" (the ward list, up to 100 patients each
 * an audited read), "what is waiting in my queue", a how-to question from the help, and "summarise
 * this patient's last 48 h" for a random patient with data. `staff assistant p99 100k` is the p99 of
 * that mix on PGlite (goal ≤ 300 ms, issue 13); the PostgreSQL figure and the summary alone are extra.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../apps/server/src/app.ts';
import { type Db, openPglite, openPostgres } from '../apps/server/src/db/db.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/db/seed/demo.ts';
import { mulberry32 } from '../apps/server/src/db/seed/prng.ts';
import { ANCHOR, type Engine, TEST_PG_URL, testConfig } from '../apps/server/src/testing/harness.ts';
import { type Bench, type BenchContext, type BenchResult, percentile } from './lib.ts';

async function load(db: Db, hospitalId: string, n: number, withData: number, ctx: BenchContext, engine: Engine) {
  const t0 = performance.now();
  await db.exec('SELECT setseed(0.13)');
  await db.exec(`INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ('rcp-news2', 'NEWS2', 'rule', '1.0.0', 'medium') ON CONFLICT (id) DO NOTHING`);
  await db.exec(`
    CREATE TEMP TABLE bench_p AS
    SELECT gen_random_uuid() AS id, g AS k FROM generate_series(1, ${n}) g;
    INSERT INTO patient (id, facility_id, full_name, name_search, sex, birth_date, province, commune, created_at)
    SELECT id, '${hospitalId}', 'Người Bệnh ' || k, 'nguoi benh ' || k, CASE WHEN k % 2 = 0 THEN 'male' ELSE 'female' END,
           date '1930-01-01' + (k * 7919 % 34000), 'Thái Nguyên', 'Phường Quang Trung', now() - interval '400 days'
    FROM bench_p;`);
  ctx.log(`${engine}: ${n} patients`);
  // NEWS2 suggestions: one per patient within the last 30 days, a later one for every fifth patient.
  const sugg = (where: string, hoursExpr: string) => `
    INSERT INTO suggestion (id, tool_id, tool_version, kind, patient_id, facility_id, inputs, inputs_hash, output, explanation, summary, summary_vi, severity, score, visibility, created_at)
    SELECT gen_random_uuid(), 'rcp-news2', '1.0.0', 'rule', id, '${hospitalId}', '{}', 'x', '{}', '[]', 'NEWS2 ' || s, 'NEWS2 ' || s, CASE WHEN s >= 7 THEN 'emergency' WHEN s >= 5 THEN 'urgent' ELSE 'info' END, s, 'visible',
           now() - (${hoursExpr}) * interval '1 hour'
    FROM (SELECT id, k, CASE WHEN random() < 0.995 THEN floor(random() * 5)::int ELSE 5 + floor(random() * 6)::int END AS s FROM bench_p ${where}) x`;
  await db.exec(sugg('', '24 + (k % 700)'));
  await db.exec(sugg('WHERE k % 5 = 0', '1 + (k % 20)'));
  ctx.log(`${engine}: ${Math.round(n * 1.2)} NEWS2 suggestions`);
  // 48 h of vital signs every 4 h (6 codes) and two lab results for `withData` patients, plus an encounter.
  await db.exec(`
    CREATE TEMP TABLE bench_d AS SELECT id, k FROM bench_p WHERE k <= ${withData};
    INSERT INTO encounter (id, patient_id, facility_id, type, reason, started_at)
    SELECT gen_random_uuid(), id, '${hospitalId}', 'inpatient', 'Sốt, khó thở', now() - interval '47 hours' FROM bench_d;
    INSERT INTO observation (id, patient_id, encounter_id, facility_id, category, code_system, code, display, value_num, unit, ref_low, ref_high, effective_at, created_at)
    SELECT gen_random_uuid(), d.id, NULL, '${hospitalId}', 'vital-signs', 'http://loinc.org', c.code, c.display, c.base + floor(random() * c.spread), c.unit, NULL, NULL, now() - h * interval '1 hour', now()
    FROM bench_d d
    CROSS JOIN generate_series(2, 46, 4) h
    CROSS JOIN (VALUES ('9279-1', 'Respiratory rate', 14, 12, '/min'), ('59408-5', 'Oxygen saturation in arterial blood by pulse oximetry', 89, 11, '%'),
                       ('8480-6', 'Systolic blood pressure', 95, 60, 'mm[Hg]'), ('8867-4', 'Heart rate', 60, 60, '/min'),
                       ('8310-5', 'Body temperature', 36, 4, 'Cel'), ('8462-4', 'Diastolic blood pressure', 55, 40, 'mm[Hg]')) c(code, display, base, spread, unit);
    INSERT INTO observation (id, patient_id, encounter_id, facility_id, category, code_system, code, display, value_num, unit, ref_low, ref_high, effective_at, created_at)
    SELECT gen_random_uuid(), d.id, NULL, '${hospitalId}', 'laboratory', 'http://loinc.org', '2160-0', 'Creatinine', 50 + floor(random() * 200), 'umol/L', 45, 90, now() - h * interval '1 hour', now()
    FROM bench_d d CROSS JOIN (VALUES (30), (6)) hh(h);
    INSERT INTO alert (id, patient_id, facility_id, level, score, sub_scores, explanation, reason, status, created_at, updated_at)
    SELECT gen_random_uuid(), id, '${hospitalId}', 'urgent', 6, '{}', '{}', 'NEWS2 aggregate 5-6', 'open', now() - interval '3 hours', now() - interval '3 hours' FROM bench_d WHERE k % 10 = 0;`);
  ctx.log(`${engine}: ${withData} patients with 48 h of data; loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; analysing`);
  for (const t of ['patient', 'suggestion', 'observation', 'encounter', 'alert', 'audit_log']) await db.exec(`ANALYZE ${t}`);
  return (await db.query<{ id: string }>('SELECT id FROM bench_d ORDER BY k')).map((r) => r.id);
}

async function measure(engine: Engine, ctx: BenchContext): Promise<{ mix: number[]; summary: number[] }> {
  const n = ctx.quick ? 10_000 : 100_000;
  let db: Db;
  let cleanup: () => Promise<void>;
  if (engine === 'postgres') {
    const schema = 'bench_staff_assistant';
    const admin = await openPostgres(TEST_PG_URL, { max: 1 });
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    db = await openPostgres(TEST_PG_URL, { schema, max: 4 });
    cleanup = async () => {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'yte-bench-staff-'));
    db = await openPglite(dir);
    cleanup = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await migrate(db);
    await seedDemo(db, ANCHOR);
    const hospitalId = (await db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    const withData = await load(db, hospitalId, n, ctx.quick ? 500 : 2000, ctx, engine);
    const app = await build({ db, config: testConfig() });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dd.hoa', password: DEMO_PASSWORD } });
    const cookie = `yte_session=${res.cookies.find((c) => c.name === 'yte_session')!.value}`;
    const rng = mulberry32(5);
    const QUESTIONS = ['Bệnh nhân nào có NEWS2 ≥ 5?', 'which patients have NEWS2 >= 7', 'what is waiting in my queue', 'How do I report an AI incident?', 'Tóm tắt 48 giờ qua'];
    const ask = async (i: number) => {
      const question = QUESTIONS[i % QUESTIONS.length]!;
      const patientId = question.startsWith('Tóm tắt') ? withData[rng.int(0, withData.length - 1)] : undefined;
      const s = performance.now();
      const r = await app.inject({ method: 'POST', url: '/api/assistant/staff/ask', headers: { cookie, 'content-type': 'application/json' }, payload: { facilityId: hospitalId, question, ...(patientId ? { patientId } : {}) } });
      const ms = performance.now() - s;
      if (r.statusCode !== 200) throw new Error(`staff ask failed: ${r.statusCode} ${r.body}`);
      return { ms, summary: !!patientId, body: r.json() as { patients: unknown[]; summary?: { sentences: unknown[] } } };
    };
    for (let i = 0; i < 15; i++) await ask(i); // warm
    const mix: number[] = [];
    const summary: number[] = [];
    const rounds = ctx.quick ? 60 : 300;
    let listed = 0;
    for (let i = 0; i < rounds; i++) {
      const a = await ask(i);
      mix.push(a.ms);
      if (a.summary) summary.push(a.ms);
      if (i % QUESTIONS.length === 0) listed = a.body.patients.length;
    }
    ctx.log(`${engine}: NEWS2 ≥ 5 lists ${listed} patients (each an audited read); ${rounds} questions`);
    await app.close();
    return { mix, summary };
  } finally {
    await cleanup();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;

const bench: Bench = async (ctx) => {
  const label = ctx.quick ? '10k' : '100k';
  const out: BenchResult[] = [];
  for (const engine of ['pglite', 'postgres'] as const) {
    const { mix, summary } = await measure(engine, ctx);
    const suffix = engine === 'pglite' ? '' : ' postgres';
    out.push(
      { name: `staff assistant p50 ${label}${suffix}`, value: round(percentile(mix, 50)), unit: 'ms', goal: null },
      { name: `staff assistant p99 ${label}${suffix}`, value: round(percentile(mix, 99)), unit: 'ms', goal: engine === 'pglite' ? '<= 300' : null },
      { name: `staff assistant 48h summary p99 ${label}${suffix}`, value: round(percentile(summary, 99)), unit: 'ms', goal: null },
    );
  }
  return out;
};
export default bench;
