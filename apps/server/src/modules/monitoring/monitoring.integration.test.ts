import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { escalateAndPublish } from './monitoring.routes.ts';

const calm = { respRate: 16, spo2: 97, onOxygen: false, systolicBP: 125, pulse: 78, consciousness: 'A', temperatureC: 36.8 };
// NEWS2: RR 26 →3, SpO2 90 →3, O2 →0, SBP 95 →2, pulse 125 →2, A →0, 38.6 →1 = 11 (emergency)
const sick = { respRate: 26, spo2: 90, onOxygen: false, systolicBP: 95, pulse: 125, consciousness: 'A', temperatureC: 38.6 };

describe.each(ENGINES)('monitoring on %s', (engine) => {
  let t: TestApp;
  let nurse: string;
  let doctor: string;
  let station: string;
  let hospitalId: string;
  let patientId: string;
  let base = Date.parse('2026-11-01T02:00:00Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

  beforeAll(async () => {
    t = await openTestApp(engine);
    nurse = await t.login('dd.hoa');
    doctor = await t.login('bs.lan');
    station = await t.login('yt.tuan');
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    hospitalId = h!.id;
    const [p] = await t.db.query<{ id: string }>("SELECT id FROM patient WHERE facility_id = $1 AND birth_date < '2000-01-01' ORDER BY id LIMIT 1", [hospitalId]);
    patientId = p!.id;
    base = Date.now() - 30 * 60_000;
    const res = await t.app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: nurse }, payload: { deviceId: 'MON-ICU-01', facilityId: hospitalId, bed: 'HSTC-01', patientId, apiKey: 'k'.repeat(32) } });
    expect(res.statusCode).toBe(200);
  });
  afterAll(() => t?.close());

  const ingest = (items: unknown[], cookie = nurse) => t.app.inject({ method: 'POST', url: '/api/ingest/observations', headers: { cookie }, payload: items as object });
  const openAlerts = async () => (await t.db.query<{ id: string; level: string; status: string; score: number }>("SELECT id, level, status, score FROM alert WHERE patient_id = $1 AND status <> 'resolved'", [patientId]));

  it('stores valid readings and rejects bad ones one by one, naming the field', async () => {
    const res = await ingest([
      { deviceId: 'MON-ICU-01', at: at(0), vitals: calm },
      { deviceId: 'MON-ICU-01', at: at(1), vitals: { ...calm, pulse: 900 } },
      { at: at(2), vitals: calm },
      { deviceId: 'NO-SUCH', at: at(3), vitals: calm },
      { deviceId: 'MON-ICU-01', at: 'yesterday', vitals: calm },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.stored).toBe(1);
    expect(body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(body.results[1].error).toMatchObject({ code: 'IMPOSSIBLE_VALUE', field: 'vitals.pulse' });
    expect(body.results[2].error).toMatchObject({ code: 'MISSING_FIELD', field: 'deviceId' });
    expect(body.results[3].error).toMatchObject({ code: 'UNKNOWN_DEVICE' });
    expect(body.results[4].error).toMatchObject({ code: 'INVALID_DATE', field: 'at' });
    const stored = await t.db.query('SELECT 1 FROM observation WHERE device_id = $1', ['MON-ICU-01']);
    expect(stored.length).toBe(7); // 5 numeric vitals + ACVPU + oxygen, of the one valid reading
  });

  it('is idempotent for a re-sent reading', async () => {
    const again = (await ingest([{ deviceId: 'MON-ICU-01', at: at(0), vitals: calm }])).json();
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('accepts NDJSON and a device key instead of a session', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/ingest/observations', headers: { 'content-type': 'application/x-ndjson', 'x-device-key': 'k'.repeat(32) },
      payload: `${JSON.stringify({ deviceId: 'MON-ICU-01', at: at(4), vitals: calm })}\nnot json\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['stored', 'rejected']);
    expect(res.json().results[1].error.code).toBe('MALFORMED_JSON');
    expect((await t.app.inject({ method: 'POST', url: '/api/ingest/observations', payload: [] })).statusCode).toBe(401);
  });

  it('opens one alert per episode, records it as a NEWS2 suggestion, and resolves it', async () => {
    await ingest([{ deviceId: 'MON-ICU-01', at: at(5), vitals: sick }]);
    let open = await openAlerts();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ level: 'emergency', score: 11, status: 'open' });
    const sug = await t.db.query<{ tool_id: string; severity: string }>("SELECT tool_id, severity FROM suggestion WHERE patient_id = $1 AND subject_ref LIKE 'Alert/%'", [patientId]);
    expect(sug[0]).toMatchObject({ tool_id: 'rcp-news2', severity: 'emergency' });
    await ingest([{ deviceId: 'MON-ICU-01', at: at(6), vitals: { ...sick, pulse: 128 } }]);
    expect(await openAlerts()).toHaveLength(1); // no duplicate for the same episode
    await ingest([{ deviceId: 'MON-ICU-01', at: at(7), vitals: calm }]);
    open = await openAlerts();
    expect(open).toHaveLength(0);
  });

  it('acknowledges (nurse or doctor only) and escalates an unacknowledged alert', async () => {
    await ingest([{ deviceId: 'MON-ICU-01', at: at(8), vitals: sick }]);
    const [a] = await openAlerts();
    expect((await t.app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: { cookie: station, 'x-requested-with': 'yte' } })).statusCode).toBe(403);
    const escalated = await escalateAndPublish(t.app, new Date(Date.now() + 301_000));
    expect(escalated.map((e) => e.type)).toEqual(['alert-escalated']);
    const [row] = await t.db.query<{ escalated_to: string[] }>('SELECT escalated_to FROM alert WHERE id = $1', [a!.id]);
    const [lan] = await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'bs.lan'");
    expect(row!.escalated_to).toContain(lan!.id);
    const ack = await t.app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: { cookie: doctor, 'x-requested-with': 'yte' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().status).toBe('acknowledged');
    expect((await t.app.inject({ method: 'POST', url: `/api/alerts/${a!.id}/ack`, headers: { cookie: nurse, 'x-requested-with': 'yte' } })).statusCode).toBe(409);
  });

  it('pushes alerts over SSE to the right facility only', async () => {
    const received: string[] = [];
    const otherFacility: string[] = [];
    const stop1 = t.app.alertHub.subscribe([hospitalId], (e) => received.push(e.type));
    const stop2 = t.app.alertHub.subscribe(['00000000-0000-0000-0000-000000000000'], (e) => otherFacility.push(e.type));
    await ingest([{ deviceId: 'MON-ICU-01', at: at(9), vitals: calm }]); // resolves
    await ingest([{ deviceId: 'MON-ICU-01', at: at(10), vitals: sick }]); // new episode
    stop1();
    stop2();
    expect(received).toEqual(['alert-resolved', 'alert']);
    expect(otherFacility).toEqual([]);
  });

  it('streams events to a browser over a real HTTP connection', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const ctrl = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/alerts/stream`, { headers: { cookie: nurse }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await ingest([{ deviceId: 'MON-ICU-01', at: at(11), vitals: calm }]);
    let text = '';
    while (!text.includes('event: alert-resolved')) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    expect(text).toContain('event: alert-resolved');
  });
});

describe('MQTT ingest from the local Mosquitto broker', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp('pglite', { config: { mqttUrl: 'mqtt://127.0.0.1:1883' } });
  });
  afterAll(() => t?.close());

  it('stores a reading published on a bed topic and drops malformed messages', async () => {
    const nurse = await t.login('dd.hoa');
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    const [p] = await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id DESC LIMIT 1', [h!.id]);
    const deviceId = `MQTT-${Date.now()}`;
    await t.app.inject({ method: 'POST', url: '/api/devices', headers: { cookie: nurse }, payload: { deviceId, facilityId: h!.id, bed: 'B-07', patientId: p!.id } });
    const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
    await pub.publishAsync('yte/BVDK-TN/bed/B-07/vitals', 'not json', { qos: 1 });
    await pub.publishAsync('yte/BVDK-TN/bed/B-07/vitals', JSON.stringify({ deviceId, at: new Date().toISOString(), vitals: { pulse: 88, spo2: 96 } }), { qos: 1 });
    await pub.endAsync();
    let rows: unknown[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await t.db.query('SELECT code FROM observation WHERE device_id = $1', [deviceId]);
    }
    expect(rows).toHaveLength(2);
  });
});
