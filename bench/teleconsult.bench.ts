/**
 * Teleconsultation (issue 16):
 * - `consult inbox p99 10k` (ms, goal ≤ 100): GET /api/teleconsults/inbox of a hospital holding 10,000
 *   open consults from its stations (mixed urgency, asked over the last 3 days), on PostgreSQL, in
 *   process (app.inject: routing, scoping, the query, escalation per row, the audit entry).
 * - `teleconsult call setup p50 coturn loopback` / `… p95 …` (ms, reported): two headless Chromium with
 *   fake camera and microphone on the real call page, iceTransportPolicy 'relay' so media goes through
 *   coturn (started here on 127.0.0.1:34790, relays 34791-34799); from the joining side's signalling
 *   socket opening to its RTCPeerConnection reaching 'connected' (offer/answer, TURN allocations,
 *   permissions, ICE and DTLS). Skipped, saying why, without coturn, Chromium or a built web UI.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { hasCoturn, startCoturn } from '../e2e/lib/coturn.mjs';
import { openTestApp } from '../apps/server/src/testing/harness.ts';
import { type Bench, type BenchResult, percentile } from './lib.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.YTE_CHROMIUM ?? '/usr/bin/chromium';
const PORT = 3160; // this area's ports: 3160-3169

async function inboxBench(ctx: Parameters<Bench>[0]): Promise<BenchResult> {
  const n = ctx.quick ? 1_000 : 10_000;
  const t = await openTestApp('postgres');
  try {
    const cookie = await t.login('bs.lan');
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    // 10,000 open consults: 40 patients of the three stations, urgency by row, spread over 72 h.
    await t.db.exec(`
      CREATE TEMP TABLE bp AS SELECT p.id, p.facility_id, row_number() OVER (ORDER BY p.id) AS k FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.kind = 'station' LIMIT 40;
      INSERT INTO teleconsult (id, patient_id, from_facility_id, to_facility_id, specialty, urgency, question, snapshot, state, requested_at, due_at, updated_at)
        SELECT md5('tc' || g)::uuid, bp.id, bp.facility_id, '${h!.id}', 'Nội',
               (ARRAY['emergency', 'urgent', 'routine', 'routine', 'urgent'])[1 + g % 5],
               'Câu hỏi hội chẩn số ' || g, '{"vitals": [], "labs": []}'::jsonb,
               CASE WHEN g % 7 = 0 THEN 'accepted' ELSE 'requested' END,
               now() - (g % 4320) * interval '1 minute',
               now() - (g % 4320) * interval '1 minute' + (ARRAY[30, 240, 2880, 2880, 240])[1 + g % 5] * interval '1 minute',
               now()
          FROM generate_series(1, ${n}) g JOIN bp ON bp.k = 1 + g % 40;
      ANALYZE teleconsult;`);
    const url = `/api/teleconsults/inbox?facilityId=${h!.id}`;
    const ask = async () => {
      const r = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      if (r.statusCode !== 200) throw new Error(`inbox: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r;
    };
    const first = (await ask()).json() as Array<{ urgency: string; escalation: { level: number } }>;
    ctx.log(`inbox of ${n} open consults: first page ${first.length} rows, ${first.filter((c) => c.escalation.level > 0).length} overdue on it`);
    for (let i = 0; i < 5; i++) await ask();
    const samples: number[] = [];
    for (let i = 0; i < (ctx.quick ? 40 : 200); i++) {
      const s = performance.now();
      await ask();
      samples.push(performance.now() - s);
    }
    return { name: `consult inbox p99 ${ctx.quick ? '1k' : '10k'}`, value: Math.round(percentile(samples, 99) * 10) / 10, unit: 'ms', goal: '<= 100' };
  } finally {
    await t.close();
  }
}

async function callSetupBench(ctx: Parameters<Bench>[0]): Promise<BenchResult[]> {
  const why = !hasCoturn() ? 'coturn not installed (apt-get install coturn)' : !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(resolve(ROOT, 'apps/web/dist/index.html')) ? 'web UI not built (npm run build -w apps/web)' : null;
  if (why) {
    ctx.log(`call setup: skipped, ${why}`);
    return [];
  }
  const turn = await startCoturn({ port: 34790, minRelayPort: 34791, maxRelayPort: 34799 });
  const t = await openTestApp('pglite', { config: { webDist: resolve(ROOT, 'apps/web/dist'), port: PORT, turn: { urls: turn.urls, secret: turn.secret, ttlSeconds: 3600 } } });
  const browsers: Awaited<ReturnType<typeof chromium.launch>>[] = [];
  try {
    await t.app.listen({ port: PORT, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${PORT}`;
    const station = await t.login('yt.tuan');
    const doctor = await t.login('bs.lan');
    const fid = async (code: string) => (await t.db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [code]))[0]!.id;
    const [patient] = await t.db.query<{ id: string }>("SELECT p.id FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.code = 'TYT-TANCUONG' LIMIT 1");
    const created = await t.app.inject({
      method: 'POST', url: '/api/teleconsults', headers: { cookie: station, 'x-requested-with': 'XMLHttpRequest' },
      payload: { patientId: patient!.id, fromFacilityId: await fid('TYT-TANCUONG'), toFacilityId: await fid('BVDK-TN'), specialty: 'Nội', urgency: 'urgent', question: 'Bench' },
    });
    if (created.statusCode !== 201) throw new Error(`consult: ${created.statusCode} ${created.body}`);
    const id = (created.json() as { id: string }).id;
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
    const open = async (cookie: string) => {
      const b = await chromium.launch({ executablePath: CHROMIUM, args });
      browsers.push(b);
      const c = await b.newContext({ viewport: { width: 1280, height: 800 } });
      const [name, value] = cookie.split('=') as [string, string];
      await c.addCookies([{ name, value, domain: '127.0.0.1', path: '/' }]);
      return c.newPage();
    };
    const dp = await open(doctor);
    const sp = await open(station);
    const call = `${base}/teleconsults/${id}/call?relay=1`;
    await dp.goto(call);
    await dp.waitForFunction(() => performance.getEntriesByName('tc-signal-open').length > 0, undefined, { timeout: 30_000 });
    const runs = ctx.quick ? 3 : 15;
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      await sp.goto(call);
      await sp.waitForFunction(() => performance.getEntriesByName('tc-call-connected').length > 0, undefined, { timeout: 30_000, polling: 20 });
      const ms = await sp.evaluate(() => performance.getEntriesByName('tc-call-connected')[0]!.startTime - performance.getEntriesByName('tc-signal-open')[0]!.startTime);
      // Outside the timing: the selected pair must be relayed (getStats, shown on the page each second).
      await sp.waitForFunction(() => document.querySelector('[data-testid="call-stats"]')?.getAttribute('data-local-candidate-type'), undefined, { timeout: 10_000 });
      const relay = await sp.getByTestId('call-stats').getAttribute('data-local-candidate-type');
      if (relay !== 'relay') throw new Error(`call ${i} did not go through the relay (local candidate ${relay})`);
      if (i > 0) samples.push(ms); // the first run warms both browsers up
      ctx.log(`call ${i}: ${ms.toFixed(0)} ms${relay ? ` (local candidate ${relay})` : ''}`);
      await sp.goto('about:blank');
      await dp.waitForTimeout(300);
    }
    return [
      { name: 'teleconsult call setup p50 coturn loopback', value: Math.round(percentile(samples, 50)), unit: 'ms', goal: null },
      { name: 'teleconsult call setup p95 coturn loopback', value: Math.round(percentile(samples, 95)), unit: 'ms', goal: null },
    ];
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    await t.close();
    turn.stop();
  }
}

const bench: Bench = async (ctx) => [await inboxBench(ctx), ...(await callSetupBench(ctx))];
export default bench;
