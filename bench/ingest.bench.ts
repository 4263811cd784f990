/**
 * Monitoring: ingest end to end (HTTP batch → stored → scored → alert) in observations/s on
 * PostgreSQL and PGlite, and alert latency (reading sent → SSE event received) at ~1,000 obs/s.
 */
import { build } from '../apps/server/src/app.ts';
import { seedDemo } from '../apps/server/src/db/seed/demo.ts';
import { ANCHOR, type Engine, openTestDb, testConfig } from '../apps/server/src/testing/harness.ts';
import { type Bench, type BenchResult, percentile } from './lib.ts';

const calm = (i: number) => ({ respRate: 14 + (i % 5), spo2: 96 + (i % 3), onOxygen: false, systolicBP: 118 + (i % 9), pulse: 70 + (i % 11), consciousness: 'A', temperatureC: 36.6 });
const sick = { respRate: 27, spo2: 89, onOxygen: false, systolicBP: 92, pulse: 128, consciousness: 'A', temperatureC: 38.9 };
const OBS_PER_READING = 7;

export async function run(engine: Engine, ctx: Parameters<Bench>[0]): Promise<BenchResult[]> {
  const t = await openTestDb(engine);
  try {
    await seedDemo(t.db, ANCHOR);
    const app = await build({ db: t.db, config: testConfig() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dd.hoa', password: 'yte-demo' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    const patients = await t.db.query<{ id: string }>("SELECT id FROM patient WHERE facility_id = $1 AND birth_date < '2000-01-01' ORDER BY id LIMIT 40", [h!.id]);
    for (const [i, p] of patients.entries()) {
      await fetch(`${base}/api/devices`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ deviceId: `BENCH-${i}`, facilityId: h!.id, bed: `B${i}`, patientId: p.id }) });
    }
    const post = (items: unknown[]) => fetch(`${base}/api/ingest/observations`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(items) }).then((r) => r.json() as Promise<{ stored: number }>);

    // Throughput: batches of 500 readings spread over the beds, distinct instants.
    const batches = ctx.quick ? 4 : 20;
    let sec = 0;
    let stored = 0;
    const start0 = Date.now() - 3 * 3600_000;
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      const items = Array.from({ length: 500 }, (_, i) => ({ deviceId: `BENCH-${i % patients.length}`, at: new Date(start0 + (sec++) * 1000).toISOString(), vitals: calm(i) }));
      stored += (await post(items)).stored;
    }
    const seconds = (performance.now() - t0) / 1000;
    const obsPerSecond = (stored * OBS_PER_READING) / seconds;
    ctx.log(`${engine}: ${stored} readings (${stored * OBS_PER_READING} observations) in ${seconds.toFixed(2)} s`);

    // Latency: background load of ~1,000 obs/s (≈14 readings every 100 ms) while one bed deteriorates
    // and recovers; time from sending the sick reading to its SSE 'alert' event.
    const ctrl = new AbortController();
    const stream = await fetch(`${base}/api/alerts/stream`, { headers: { cookie }, signal: ctrl.signal });
    const reader = stream.body!.getReader();
    const waiters: Array<(at: number) => void> = [];
    void (async () => {
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        buf += new TextDecoder().decode(value);
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const chunk = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (chunk.startsWith('event: alert\n')) waiters.shift()?.(performance.now());
        }
      }
    })();
    let loadOn = true;
    let nowMs = Date.now() - 3600_000;
    const load = (async () => {
      while (loadOn) {
        const items = Array.from({ length: 14 }, (_, i) => ({ deviceId: `BENCH-${1 + (i % (patients.length - 1))}`, at: new Date(nowMs++).toISOString(), vitals: calm(i) }));
        const next = performance.now() + 100;
        await post(items);
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      }
    })();
    const samples: number[] = [];
    // 300 samples: a p99 of 60 would be the single worst one.
    const rounds = ctx.quick ? 10 : 300;
    for (let r = 0; r < rounds; r++) {
      const got = new Promise<number>((res) => waiters.push(res));
      const sent = performance.now();
      await post([{ deviceId: 'BENCH-0', at: new Date(nowMs++).toISOString(), vitals: sick }]);
      samples.push((await got) - sent);
      await post([{ deviceId: 'BENCH-0', at: new Date(nowMs++).toISOString(), vitals: calm(0) }]); // resolves the episode
    }
    loadOn = false;
    await load;
    ctrl.abort();
    await app.close();
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return [
      { name: `ingest end-to-end obs/s ${engine}`, value: Math.round(obsPerSecond), unit: 'obs/s', goal: engine === 'postgres' ? '>= 5000' : null },
      { name: `alert latency p50 at ~1000 obs/s ${engine}`, value: r2(percentile(samples, 50)), unit: 'ms', goal: null },
      { name: `alert latency p99 at ~1000 obs/s ${engine}`, value: r2(percentile(samples, 99)), unit: 'ms', goal: engine === 'postgres' ? '<= 50' : null },
    ];
  } finally {
    await t.close();
  }
}

const bench: Bench = async (ctx) => [...(await run('postgres', ctx)), ...(await run('pglite', ctx))];
export default bench;
