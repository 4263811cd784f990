/**
 * The drone simulator publishes through the real Mosquitto broker (127.0.0.1:1883) and the server's
 * MQTT ingest turns it into track points and a temperature alert; garbage on the drone topics is
 * dropped and counted.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as droneSim } from '../../cli/drone-sim.ts';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

describe.each(ENGINES)('drone telemetry over MQTT on %s', (engine) => {
  let t: TestApp;
  let station: string;
  let doctor: string;
  let admin: string;
  const droneId = `SIM-${randomBytes(4).toString('hex')}`;
  const h = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const post = (url: string, cookie: string, payload: object) => t.app.inject({ method: 'POST', url, headers: h(cookie), payload });
  const status = async () => (await t.app.inject({ method: 'GET', url: '/api/drone-telemetry/status', headers: { cookie: admin } })).json() as Record<string, number | boolean>;

  beforeAll(async () => {
    t = await openTestApp(engine, { config: { mqttUrl: 'mqtt://127.0.0.1:1883' } });
    [station, doctor, admin] = (await Promise.all(['yt.tuan', 'bs.lan', 'ql.hung'].map((u) => t.login(u)))) as [string, string, string];
  });
  afterAll(() => t?.close());

  it('flies a registered drone through the broker: track stored, temperature excursion alerted, garbage counted', async () => {
    const fid = async (code: string) => (await t.db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [code]))[0]!.id;
    const [hospital, st] = [await fid('BVDK-TN'), await fid('TYT-TANCUONG')];
    const reg = await post('/api/drones', admin, { id: droneId, facilityId: hospital, model: 'Sim', maxPayloadKg: 3, emptyMassKg: 10, batteryWh: 1600, cruisePowerW: 1300, cruiseSpeedMps: 15, rangeKm: 40, maxWindMps: 10, maxRainMmPerH: 2 });
    expect(reg.statusCode).toBe(201);
    const f = (await post('/api/drone-flights', station, { fromFacilityId: st, toFacilityId: hospital, cargo: 'sample', priority: 'urgent', contents: 'Đờm', weightKg: 0.3, tempMinC: 2, tempMaxC: 8 })).json() as { id: string; boxCode: string };
    const planned = (await post(`/api/drone-flights/${f.id}/plan`, station, { droneId, windFromDeg: 0, windMps: 2, rainMmPerH: 0 })).json() as { plan: { ok: boolean; path: number[][] } };
    expect(planned.plan.ok).toBe(true);
    expect((await post(`/api/drone-flights/${f.id}/approve`, doctor, {})).statusCode).toBe(200);
    for (const step of ['packed', 'loaded', 'launched']) expect((await post(`/api/drone-flights/${f.id}/custody`, station, { step, scannedCode: f.boxCode, tempC: 5 })).statusCode).toBe(200);

    for (let i = 0; i < 50 && !(await status()).subscribed; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await status()).subscribed).toBe(true);
    const pub = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
    await pub.publishAsync(`yte/BVDK-TN/drone/${droneId}/telemetry`, '{not json');
    await pub.publishAsync(`yte/TYT-TANCUONG/drone/${droneId}/telemetry`, JSON.stringify({ droneId, at: new Date().toISOString(), lat: 21.56, lon: 105.77, altM: 90, speedMps: 15, batteryPct: 90, payloadTempC: 5 }));
    await pub.publishAsync(`yte/BVDK-TN/drone/${droneId}/telemetry`, JSON.stringify({ droneId, at: new Date().toISOString(), lat: 91, lon: 105.77, altM: 90, speedMps: 15, batteryPct: 90, payloadTempC: 5 }));
    await pub.endAsync();

    // ~610 s of flight at 200× in about 3 s, 20 readings a second, the cold pack failing.
    const route = planned.plan.path.map((p) => p.join(',')).join(';');
    expect(await droneSim(['--route', route, '--drone', droneId, '--facility', 'BVDK-TN', '--fault', 'temperature', '--speedup', '200', '--hz', '20', '--max-seconds', '20', '--battery', '95'])).toBe(0);
    let s = await status();
    for (let i = 0; i < 50 && (s.accepted as number) < 30; i++) { await new Promise((r) => setTimeout(r, 100)); s = await status(); }
    expect(s.malformed).toBeGreaterThanOrEqual(1);
    expect(s.topicMismatch).toBeGreaterThanOrEqual(1);
    expect(s.invalid).toBeGreaterThanOrEqual(1);
    expect(s.accepted).toBeGreaterThanOrEqual(30);
    await new Promise((r) => setTimeout(r, 1500)); // the track flush runs every second
    const detail = (await t.app.inject({ method: 'GET', url: `/api/drone-flights/${f.id}`, headers: { cookie: doctor } })).json() as { alerts: Array<{ kind: string; messageVi: string }>; last: { altM: number } | null };
    expect(detail.alerts.map((a) => a.kind)).toEqual(['temperature']);
    expect(detail.alerts[0]!.messageVi).toMatch(/^Nhiệt độ hàng 8,\d °C, ngoài khoảng 2–8 °C$/);
    expect(detail.last?.altM).toBe(0); // landed: the last reading is on the pad
    const trk = (await t.app.inject({ method: 'GET', url: `/api/drone-flights/${f.id}/track`, headers: { cookie: doctor } })).json() as unknown[];
    expect(trk.length).toBeGreaterThanOrEqual(30);
  });
});
