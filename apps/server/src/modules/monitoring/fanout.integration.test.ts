/**
 * Two server replicas on one PostgreSQL (the same schema): an alert raised through replica A
 * reaches an SSE client connected to replica B (LISTEN/NOTIFY, fanout.ts), exactly once, and only
 * for the client's facilities; replica A's own clients get it once (no echo).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../app.ts';
import { type Db, openPostgres } from '../../db/db.ts';
import { openTestApp, TEST_PG_URL, testConfig, type TestApp } from '../../testing/harness.ts';

const sick = { respRate: 26, spo2: 90, onOxygen: false, systolicBP: 95, pulse: 125, consciousness: 'A', temperatureC: 38.6 };

/** Reads an SSE stream in the background, collecting the event names with their arrival time. */
async function sse(url: string, cookie: string) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { cookie }, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const events: Array<{ type: string; at: number; data: string }> = [];
  const reader = res.body!.getReader();
  let buf = '';
  const done = (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        buf += new TextDecoder().decode(value);
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          if (type) events.push({ type, at: performance.now(), data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
        }
      }
    } catch { /* aborted */ }
  })();
  return { events, close: async () => { ctrl.abort(); await done; } };
}

describe('alert fan-out across two replicas on PostgreSQL (LISTEN/NOTIFY)', () => {
  let a: TestApp;
  let bDb: Db;
  let b: FastifyInstance;
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    a = await openTestApp('postgres');
    urlA = await a.app.listen({ port: 0, host: '127.0.0.1' });
    bDb = await openPostgres(TEST_PG_URL, { schema: a.db.scope!, max: 4 });
    b = await build({ db: bDb, config: testConfig() });
    await b.ready();
    urlB = await b.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await b?.close();
    await bDb?.close();
    await a?.close();
  });

  it('an alert created via replica A reaches SSE clients on B once, and on A once; another facility sees nothing', async () => {
    const nurse = await a.login('dd.hoa'); // the session lives in the database: valid on every replica
    const station = await a.login('yt.tuan');
    const [h] = await a.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    const [p] = await a.db.query<{ id: string }>("SELECT id FROM patient WHERE facility_id = $1 AND birth_date < '2000-01-01' ORDER BY id LIMIT 1", [h!.id]);
    const dev = await a.app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: nurse }, payload: { deviceId: 'MON-FAN-01', facilityId: h!.id, bed: 'B-1', patientId: p!.id } });
    expect(dev.statusCode).toBe(200);

    const onB = await sse(`${urlB}/api/alerts/stream`, nurse);
    const onA = await sse(`${urlA}/api/alerts/stream`, nurse);
    const stationOnB = await sse(`${urlB}/api/alerts/stream`, station);
    try {
    await new Promise((r) => setTimeout(r, 300)); // streams subscribed

    const t0 = performance.now();
    const res = await a.app.inject({ method: 'POST', url: '/api/ingest/observations', headers: { cookie: nurse }, payload: [{ deviceId: 'MON-FAN-01', at: new Date(Date.now() - 60_000).toISOString(), vitals: sick }] });
    expect(res.json().stored).toBe(1);
    for (let i = 0; i < 100 && !onB.events.some((e) => e.type === 'alert'); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // any duplicate would have arrived by now
    const [alert] = await a.db.query<{ id: string }>("SELECT id::text FROM alert WHERE patient_id = $1 AND status = 'open'", [p!.id]);
    const bAlerts = onB.events.filter((e) => e.type === 'alert');
    expect(bAlerts).toHaveLength(1);
    expect(JSON.parse(bAlerts[0]!.data)).toMatchObject({ id: alert!.id, level: 'emergency' });
    expect(onA.events.filter((e) => e.type === 'alert')).toHaveLength(1);
    expect(stationOnB.events).toEqual([]);
    console.log(`fan-out A → B: ${(bAlerts[0]!.at - t0).toFixed(1)} ms from the ingest request (including scoring and commit)`);

    // An acknowledgement on B reaches the client on A.
    const ack = await b.inject({ method: 'POST', url: `/api/alerts/${alert!.id}/ack`, headers: { cookie: nurse, 'x-requested-with': 'XMLHttpRequest' } });
    expect(ack.statusCode).toBe(200);
    for (let i = 0; i < 100 && !onA.events.some((e) => e.type === 'alert-ack'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(onA.events.filter((e) => e.type === 'alert-ack')).toHaveLength(1);
    } finally {
      await Promise.all([onA.close(), onB.close(), stationOnB.close()]);
    }
  });
});
