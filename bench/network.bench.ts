/**
 * The network (issue 18). `national dashboard p99`: GET /api/network/provinces over a simulated
 * network of 3,320 commune stations + 34 provincial hospitals with a year of activity (per station:
 * 40 patients, 320 visits each with a blood pressure, about 64 glucose results, 30 screenings;
 * 1.06 M encounters in all; quick mode a tenth), PostgreSQL. `sse fanout p99 2 replicas`: milliseconds from an
 * alert event published on replica A to its arrival at an SSE client connected to replica B (two
 * server instances on one PostgreSQL, LISTEN/NOTIFY), 300 events.
 */
import { simulateNetwork, registryCsv } from '@yte/sync/network';
import { build } from '../apps/server/src/app.ts';
import { openPostgres } from '../apps/server/src/db/db.ts';
import { importRegistry } from '../apps/server/src/modules/network/network.service.ts';
import { openTestApp, TEST_PG_URL, testConfig } from '../apps/server/src/testing/harness.ts';
import { percentile, type Bench } from './lib.ts';

const bench: Bench = async ({ quick, log }) => {
  const out = [];
  const t = await openTestApp('postgres', { seed: true });
  try {
    // ---- national dashboard
    let s = 7;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    await importRegistry(t.db, registryCsv(simulateNetwork(rand)), new Date());
    const k = quick ? 0.1 : 1;
    const t0 = performance.now();
    await t.db.exec(`
      CREATE TEMP TABLE st AS SELECT f.id, row_number() OVER (ORDER BY f.id) AS n FROM facility f JOIN network_facility nf ON nf.facility_id = f.id WHERE nf.level = 'commune_station';
      INSERT INTO patient(id, facility_id, full_name, name_search, sex, birth_date, province, commune, created_at)
        SELECT gen_random_uuid(), st.id, 'Bệnh nhân mô phỏng', 'benh nhan mo phong', CASE WHEN i % 2 = 0 THEN 'female' ELSE 'male' END, DATE '1960-01-01' + (i * 97 % 20000), '-', '-', now() - interval '400 days'
        FROM st, generate_series(1, ${Math.max(4, Math.round(40 * k))}) i;
      CREATE TEMP TABLE pt AS SELECT id, facility_id, row_number() OVER (PARTITION BY facility_id ORDER BY id) AS n FROM patient WHERE full_name = 'Bệnh nhân mô phỏng';
      INSERT INTO encounter(id, patient_id, facility_id, type, started_at)
        SELECT gen_random_uuid(), pt.id, pt.facility_id, 'station', now() - (v * 3571 % 525600) * interval '1 minute'
        FROM pt, generate_series(1, ${Math.max(1, Math.round((300 * k) / Math.max(4, Math.round(40 * k))))}) v;
      INSERT INTO observation(id, patient_id, facility_id, category, code, display, value_num, unit, effective_at, created_at)
        SELECT gen_random_uuid(), e.patient_id, e.facility_id, 'vital-signs', '8480-6', 'Systolic blood pressure', 110 + (random() * 60)::int, 'mm[Hg]', e.started_at, e.started_at FROM encounter e JOIN pt ON pt.id = e.patient_id;
      INSERT INTO observation(id, patient_id, facility_id, category, code, display, value_num, unit, effective_at, created_at)
        SELECT gen_random_uuid(), e.patient_id, e.facility_id, 'laboratory', '14749-6', 'Glucose', 4 + random() * 6, 'mmol/L', e.started_at, e.started_at
        FROM encounter e JOIN pt ON pt.id = e.patient_id WHERE random() < 0.2;
      INSERT INTO screening(id, patient_id, facility_id, kind, inputs, result, summary, summary_vi, tool_id, tool_version, performed_at, created_at)
        SELECT gen_random_uuid(), pt.id, pt.facility_id, (ARRAY['tb','cvd','nutrition'])[1 + (pt.n % 3)::int], '{}', '{}', 's', 's', 'sim', '1', now() - (pt.n * 7 % 360) * interval '1 day', now()
        FROM pt WHERE pt.n % 4 <> 0;`);
    const [{ n: enc }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM encounter`) as [{ n: number }];
    const [{ n: obs }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM observation`) as [{ n: number }];
    await t.db.exec('ANALYZE');
    log(`simulated network: 3,354 facilities, ${enc} encounters, ${obs} observations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (process.env.YTE_BENCH_EXPLAIN) {
      const { stationCounts, toolStages, STATION_SQL, HTN_CODES, DM_CODES } = await import('../apps/server/src/modules/network/network.repo.ts');
      const plan = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS OFF, SETTINGS) ${STATION_SQL}`, [new Date(Date.now() - 365 * 86400_000), new Date(), null, null, HTN_CODES, DM_CODES]);
      log(plan.map((r) => r['QUERY PLAN']).join('\n'));
      for (let i = 0; i < 2; i++) {
        let a = performance.now();
        await stationCounts(t.db, new Date(Date.now() - 365 * 86400_000), new Date(), null);
        log(`stationCounts ${Math.round(performance.now() - a)} ms`);
        a = performance.now();
        await toolStages(t.db);
        log(`toolStages ${Math.round(performance.now() - a)} ms`);
      }
    }
    const officer = await t.login('qt.mai');
    const times: number[] = [];
    for (let i = 0; i < (quick ? 10 : 40); i++) {
      const a = performance.now();
      const r = await t.app.inject({ url: '/api/network/provinces?days=365', headers: { cookie: officer } });
      if (r.statusCode !== 200) throw new Error(`dashboard ${r.statusCode}`);
      if (i > 0) times.push(performance.now() - a); // the first is the cold one
    }
    out.push({ name: quick ? 'national dashboard p99 (quick)' : 'national dashboard p99', value: Math.round(percentile(times, 99)), unit: 'ms', goal: quick ? null : '<= 300' });
    log(`national dashboard: p50 ${Math.round(percentile(times, 50))} ms`);

    // ---- SSE fan-out across two replicas
    const bDb = await openPostgres(TEST_PG_URL, { schema: t.db.scope!, max: 4 });
    const b = await build({ db: bDb, config: testConfig() });
    await b.ready();
    const urlB = await b.listen({ port: 0, host: '127.0.0.1' });
    const nurse = await t.login('dd.hoa');
    const [h] = await t.db.query<{ id: string }>(`SELECT id::text FROM facility WHERE code = 'BVDK-TN'`);
    const ctrl = new AbortController();
    const res = await fetch(`${urlB}/api/alerts/stream`, { headers: { cookie: nurse }, signal: ctrl.signal });
    const reader = res.body!.getReader();
    const got = new Map<number, number>();
    const reading = (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += new TextDecoder().decode(value);
          for (const m of buf.matchAll(/"seq":(\d+)/g)) if (!got.has(Number(m[1]))) got.set(Number(m[1]), performance.now());
          buf = buf.slice(buf.lastIndexOf('\n'));
        }
      } catch { /* aborted */ }
    })();
    await new Promise((r) => setTimeout(r, 300));
    const sent = new Map<number, number>();
    const N = quick ? 50 : 300;
    for (let i = 0; i < N; i++) {
      sent.set(i, performance.now());
      t.app.alertHub.publish({ type: 'alert', facilityId: h!.id, data: { seq: i, level: 'emergency' } });
      await new Promise((r) => setTimeout(r, 10));
    }
    for (let i = 0; i < 100 && got.size < N; i++) await new Promise((r) => setTimeout(r, 50));
    ctrl.abort();
    await reading;
    await b.close();
    await bDb.close();
    if (got.size !== N) throw new Error(`fan-out: ${got.size} of ${N} events arrived`);
    const lat = [...sent].map(([i, at]) => got.get(i)! - at);
    out.push({ name: 'sse fanout p99 2 replicas', value: Math.round(percentile(lat, 99) * 10) / 10, unit: 'ms', goal: '<= 100' });
    log(`fan-out: p50 ${percentile(lat, 50).toFixed(1)} ms over ${N} events`);
  } finally {
    await t.close();
  }
  return out;
};
export default bench;
