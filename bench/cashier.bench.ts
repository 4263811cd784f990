/**
 * Cashier's charge screen: p99 latency of GET /api/cashier/encounters/:id (charges, lab results mapped to
 * services, the bill built and validated against the catalogue, payments), on PostgreSQL, with the demo seed
 * plus 100 visits recorded through the API (2 lab results, 2 drugs and a supply each, diagnosis and card check).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { build } from '../apps/server/src/app.ts';
import { openPostgres } from '../apps/server/src/db/db.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/db/seed/demo.ts';
import { ANCHOR, TEST_PG_URL, testConfig } from '../apps/server/src/testing/harness.ts';
import { type Bench, percentile } from './lib.ts';

const csv = readFileSync(new URL('../packages/claims/data/demo-catalogue.csv', import.meta.url), 'utf8');

const bench: Bench = async (ctx) => {
  const schema = `bench_cashier_${process.pid}`;
  const admin = await openPostgres(TEST_PG_URL, { max: 1 });
  await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const db = await openPostgres(TEST_PG_URL, { schema, max: 4 });
  try {
    await migrate(db);
    await seedDemo(db, ANCHOR);
    const app = await build({ db, config: testConfig() });
    await app.ready();
    try {
      const login = async (u: string) => {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: DEMO_PASSWORD } });
        return `yte_session=${r.cookies.find((c) => c.name === 'yte_session')!.value}`;
      };
      const mgr = await login('ql.hung');
      const nurse = await login('dd.hoa');
      const call = async (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) => {
        const r = await app.inject({ method, url, headers: { cookie, 'x-requested-with': 'XMLHttpRequest' }, ...(payload ? { payload } : {}) });
        if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
        return r.json();
      };
      const facilityId = (await call('GET', '/api/auth/me', mgr)).facilities[0].id as string;
      await call('POST', '/api/claims/catalogue', mgr, { facilityId, csv });
      await call('PUT', '/api/cashier/settings', mgr, {
        facilityId, settings: { maCskcb: '01820', level: 'district', department: 'K01', headCode: 'TTDV01', bankBin: '970416', bankAccount: '257678859', taxCode: '0101234567', invoiceSymbol: 'C24TYT' },
        codeMap: [{ sourceSystem: 'loinc', sourceCode: '2345-7', code: '23.0075.1494' }, { sourceSystem: 'loinc', sourceCode: '4548-4', code: '23.0003.1506' }, { sourceSystem: 'encounter', sourceCode: 'outpatient', code: '02.0001.1896' }],
      });
      const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
      const y = new Date().getUTCFullYear();
      const visits = ctx.quick ? 10 : 100;
      const ids: string[] = [];
      for (let i = 0; i < visits; i++) {
        const p = await call('POST', '/api/patients', nurse, { fullName: 'Nguyễn Văn Bình', sex: 'male', birthDate: '1955-01-01', bhyt: `DN40101${String(i).padStart(8, '0')}`, province: 'Thái Nguyên', commune: 'Phường Demo', facilityId });
        const e = await call('POST', `/api/patients/${p.patient.id}/encounters`, nurse, {
          facilityId, type: 'outpatient', reason: 'Khám định kỳ', startedAt: at(60),
          labs: [{ loinc: '2345-7', value: 8, unit: 'mmol/L', display: 'Glucose' }, { loinc: '4548-4', value: 7.1, unit: '%', display: 'HbA1c' }],
        });
        const enc = e.encounter.id as string;
        for (const [kind, code, q] of [['THUOC', '40.559', 60], ['THUOC', '40.456', 30], ['VTYT', 'N04.02.010', 1]] as const) {
          await call('POST', `/api/encounters/${enc}/charges`, nurse, { kind, code, quantity: q, orderedAt: at(30), ...(kind === 'THUOC' ? { dosage: '1 viên/ngày', drugRoute: '1.01' } : {}) });
        }
        await call('PUT', `/api/encounters/${enc}/billing`, nurse, { icd10Main: 'E11.9', diagnosisText: 'Đái tháo đường type 2', cardValidFrom: `${y}-01-01`, cardValidTo: `${y}-12-31`, cardRegisteredAt: '01820', route: 'on-route', endedAt: at(10), result: 2 });
        ids.push(enc);
      }
      for (let i = 0; i < 50; i++) await call('GET', `/api/cashier/encounters/${ids[i % ids.length]}`, mgr); // warm-up
      const samples: number[] = [];
      const n = ctx.quick ? 100 : 1000;
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const s = await call('GET', `/api/cashier/encounters/${ids[i % ids.length]}`, mgr);
        samples.push(performance.now() - t0);
        if (!s.bill || s.bill.lines.length !== 6) throw new Error('unexpected bill');
      }
      const p50 = percentile([...samples], 50);
      const p99 = percentile(samples, 99);
      ctx.log(`charge screen over ${visits} visits, ${n} requests: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, load average ${loadavg()[0]!.toFixed(1)}`);
      return [{ name: 'cashier charges p99', value: +p99.toFixed(1), unit: 'ms', goal: '<= 100' }];
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
    await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
};
export default bench;
