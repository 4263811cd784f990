/**
 * Patient search latency at 100 k and 1 M synthetic patients, on PostgreSQL and PGlite, measured
 * through the HTTP API (app.inject: routing, validation, SQL, audit write).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../apps/server/src/app.ts';
import { type Db, openPglite, openPostgres } from '../apps/server/src/db/db.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { FAMILY } from '../apps/server/src/db/seed/names.ts';
import { DEMO_PASSWORD, seedDemo } from '../apps/server/src/db/seed/demo.ts';
import { mulberry32 } from '../apps/server/src/db/seed/prng.ts';
import { foldVietnamese } from '../apps/server/src/lib/text.ts';
import { testConfig, TEST_PG_URL } from '../apps/server/src/testing/harness.ts';
import { type Bench, type BenchResult, percentile } from './lib.ts';

const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Hữu', 'Quốc', 'Thanh', 'Ngọc', 'Thu', 'Hồng', 'Xuân', 'Công', 'Kim', 'Bảo'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hiếu', 'Hùng', 'Huy', 'Khánh', 'Long', 'Minh', 'Nam', 'Phong', 'Sơn', 'Tuấn', 'Việt', 'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hằng', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'My', 'Nga', 'Nhung', 'Phương', 'Quỳnh', 'Thảo', 'Trang', 'Vân', 'Yến'];
const sqlArray = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x}'`).join(',')}])`;

/** Fills `patient` with n synthetic rows in SQL (fast on both engines), spread over the demo facilities. */
export async function fill(db: Db, n: number, log: (m: string) => void) {
  const fam = FAMILY.map(([f]) => f);
  // Weighted family names: repeat each by its weight so Nguyễn dominates as in life.
  const famW = FAMILY.flatMap(([f, w]) => Array(Math.max(1, Math.round(w))).fill(f) as string[]);
  void fam;
  const batch = 100_000;
  await db.exec(`SELECT setseed(0.42)`);
  for (let done = 0; done < n; done += batch) {
    const k = Math.min(batch, n - done);
    await db.exec(`
      INSERT INTO patient (id, facility_id, full_name, name_search, sex, birth_date, province, commune, created_at)
      SELECT gen_random_uuid(), f.id, nm, '', CASE WHEN random() < 0.5 THEN 'male' ELSE 'female' END,
             date '1930-01-01' + (random() * 34000)::int, 'Thái Nguyên', f.commune, now()
      FROM (SELECT ${sqlArray(famW)}[1 + floor(random() * ${famW.length})::int] || ' ' ||
                   ${sqlArray(MIDDLE)}[1 + floor(random() * ${MIDDLE.length})::int] || ' ' ||
                   -- half the names have a second middle name, as many Vietnamese names do
                   CASE WHEN random() < 0.5 THEN ${sqlArray(MIDDLE)}[1 + floor(random() * ${MIDDLE.length})::int] || ' ' ELSE '' END ||
                   ${sqlArray(GIVEN)}[1 + floor(random() * ${GIVEN.length})::int] AS nm,
                   1 + floor(random() * 4)::int AS fi
            FROM generate_series(1, ${k})) g
      JOIN (SELECT id, commune, row_number() OVER (ORDER BY code) AS rn FROM facility) f ON f.rn = g.fi`);
    log(`inserted ${done + k}/${n}`);
  }
  // Fold in SQL with translate(), the mapping derived from foldVietnamese itself so the two agree.
  const from = [...new Set([...FAMILY.map(([f]) => f), ...MIDDLE, ...GIVEN].join('').toLowerCase())].filter((c) => foldVietnamese(c) !== c).join('');
  const to = [...from].map((c) => foldVietnamese(c)).join('');
  if ([...from].length !== [...to].length) throw new Error('fold mapping is not one character to one');
  await db.exec(`UPDATE patient SET name_search = translate(lower(full_name), '${from}', '${to}') WHERE name_search = ''`);
  log('folded names; vacuum analyse (steady state: visibility map set, as autovacuum would)');
  await db.exec('VACUUM ANALYZE patient');
  await db.exec('VACUUM ANALYZE patient_name');
}

function queries(count: number): string[] {
  const rng = mulberry32(7);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${rng.weighted(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)}`;
    const kind = i % 4;
    if (kind === 0) out.push(name); // with diacritics
    else if (kind === 1) out.push(foldVietnamese(name)); // without
    else if (kind === 2) out.push(`${foldVietnamese(name)}${'abcdefghij'[rng.int(0, 9)]}`); // a typo at the end
    else out.push(foldVietnamese(name).split(' ').slice(1).join(' ')); // middle + given only
  }
  return out;
}

async function measure(engine: 'postgres' | 'pglite', n: number, ctx: Parameters<Bench>[0]): Promise<BenchResult[]> {
  let db: Db;
  let cleanup: () => Promise<void>;
  if (engine === 'postgres') {
    const schema = `bench_search_${n}`;
    const admin = await openPostgres(TEST_PG_URL, { max: 1 });
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    db = await openPostgres(TEST_PG_URL, { schema, max: 4 });
    cleanup = async () => {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'yte-bench-search-'));
    db = await openPglite(dir);
    cleanup = async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await migrate(db);
    await seedDemo(db, new Date('2026-11-01T00:00:00Z'));
    const t0 = performance.now();
    await fill(db, n - 200, (m) => ctx.log(`${engine} ${n}: ${m}`));
    ctx.log(`${engine} ${n}: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const app = await build({ db, config: testConfig() });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'qt.mai', password: DEMO_PASSWORD } });
    void login;
    // A doctor sees one facility; the station nurse three. Use the station account (three facilities).
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'yt.tuan', password: DEMO_PASSWORD } });
    const cookie = `yte_session=${res.cookies.find((c) => c.name === 'yte_session')!.value}`;
    const qs = queries(ctx.quick ? 60 : 400);
    for (const q of qs.slice(0, 20)) await app.inject({ method: 'GET', url: `/api/patients?q=${encodeURIComponent(q)}`, headers: { cookie } }); // warm caches
    const samples: number[] = [];
    let hits = 0;
    for (const q of qs) {
      const s = performance.now();
      const r = await app.inject({ method: 'GET', url: `/api/patients?q=${encodeURIComponent(q)}`, headers: { cookie } });
      samples.push(performance.now() - s);
      if (r.statusCode !== 200) throw new Error(`search failed: ${r.statusCode} ${r.body}`);
      if (r.json().items.length > 0) hits++;
    }
    await app.close();
    ctx.log(`${engine} ${n}: ${hits}/${qs.length} queries returned patients`);
    const label = n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`;
    return [
      { name: `patient search p50 ${label} ${engine}`, value: round(percentile(samples, 50)), unit: 'ms', goal: null },
      { name: `patient search p99 ${label} ${engine}`, value: round(percentile(samples, 99)), unit: 'ms', goal: engine === 'postgres' && n >= 1_000_000 ? '<= 20' : null },
    ];
  } finally {
    await cleanup();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

const bench: Bench = async (ctx) => {
  const sizes = ctx.quick ? [10_000] : [100_000, 1_000_000];
  const out: BenchResult[] = [];
  for (const n of sizes) for (const engine of ['postgres', 'pglite'] as const) out.push(...(await measure(engine, n, ctx)));
  return out;
};
export default bench;
