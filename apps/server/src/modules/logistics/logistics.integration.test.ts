import { pointAlong } from '@yte/logistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { droneIngestFor } from './logistics.routes.ts';

interface Flight { id: string; state: string; boxCode: string; planOk: boolean | null; droneId: string | null; custodyBreak: boolean; patientId: string | null; plan: { ok: boolean; path: number[][]; checks: Array<{ code: string; ok: boolean; message: string; messageVi: string }>; etaMinutes: number; road: { etaMinutes: number; km: number }; avoidedZones: string[] } | null }

describe.each(ENGINES)('drone transport on %s', (engine) => {
  let t: TestApp;
  let station: string; // yt.tuan: station staff at the three stations
  let doctor: string; // bs.lan: hospital
  let nurse: string; // dd.hoa: hospital
  let admin: string; // ql.hung: hospital admin
  const ids: Record<string, string> = {};
  const h = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const post = (url: string, cookie: string, payload: object) => t.app.inject({ method: 'POST', url, headers: h(cookie), payload });
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const request = (over: object = {}, cookie = station) => post('/api/drone-flights', cookie, {
    fromFacilityId: ids['TYT-TANCUONG'], toFacilityId: ids['BVDK-TN'], cargo: 'sample', priority: 'urgent', contents: 'Đờm xét nghiệm lao', weightKg: 0.4, tempMinC: 2, tempMaxC: 8, ...over,
  });
  const planIt = (id: string, over: object = {}, cookie = station) => post(`/api/drone-flights/${id}/plan`, cookie, { droneId: 'D-HC02', windFromDeg: 45, windMps: 3, rainMmPerH: 0, ...over });
  const hand = (id: string, step: string, cookie: string, over: object = {}) => post(`/api/drone-flights/${id}/custody`, cookie, { step, scannedCode: '', tempC: 5, ...over });

  beforeAll(async () => {
    t = await openTestApp(engine);
    [station, doctor, nurse, admin] = (await Promise.all(['yt.tuan', 'bs.lan', 'dd.hoa', 'ql.hung'].map((u) => t.login(u)))) as [string, string, string, string];
    for (const r of await t.db.query<{ id: string; code: string }>('SELECT id, code FROM facility')) ids[r.code] = r.id;
  });
  afterAll(() => t?.close());

  it('seeds a board with a flight in the air, one approved, one blocked with the road offered, one delivered', async () => {
    const res = await get('/api/drone-flights', doctor);
    expect(res.statusCode).toBe(200);
    const b = res.json() as { flights: Flight[]; fleet: Array<{ id: string; status: string }> };
    expect(b.flights.map((f) => f.state)).toEqual(expect.arrayContaining(['in_flight', 'approved', 'requested', 'delivered']));
    expect(b.flights[0]!.state).toBe('in_flight');
    expect(b.fleet.map((d) => d.id)).toEqual(['D-HC01', 'D-HC02', 'D-HC03']);
    const blocked = b.flights.find((f) => f.planOk === false)!;
    expect(blocked.plan!.checks.find((c) => c.code === 'payload')).toMatchObject({ ok: false, message: "Payload 4.5 kg is over the drone's limit of 3 kg" });
    expect(blocked.plan!.road.etaMinutes).toBeGreaterThan(blocked.plan!.etaMinutes);
    // The vaccine flight to Làng Mây bends round the fictional zone K1 on the straight line.
    const vaccine = b.flights.find((f) => f.state === 'approved')!;
    expect(vaccine.plan!.path.length).toBeGreaterThan(2);
    expect(vaccine.plan!.avoidedZones).toHaveLength(1);
  });

  it('no-fly zones: admin only, polygons checked, changes audited, and a new zone re-routes the next plan', async () => {
    const zone = { name: 'Khu thử nghiệm', kind: 'government', geometry: { type: 'Polygon', coordinates: [[[105.80, 21.57], [105.81, 21.57], [105.81, 21.58], [105.80, 21.58], [105.80, 21.57]]] } };
    expect((await post('/api/no-fly-zones', station, zone)).statusCode).toBe(403);
    const open = await post('/api/no-fly-zones', admin, { ...zone, geometry: { type: 'Polygon', coordinates: [[[105.8, 21.57], [105.81, 21.57], [105.81, 21.58], [105.8, 21.59]]] } });
    expect(open.statusCode).toBe(400);
    expect(open.json()).toMatchObject({ code: 'INVALID_POLYGON', field: 'geometry.coordinates' });
    const made = await post('/api/no-fly-zones', admin, zone);
    expect(made.statusCode).toBe(201);
    const zid = (made.json() as { id: string }).id;
    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE resource_type = 'NoFlyZone' AND resource_id = $1", [zid]);
    expect(audit.map((a) => a.action)).toEqual(['create']);

    // The straight line Đồi Chè → hospital crosses the new zone (21.57–21.58 at lon 105.80–105.81).
    const f = (await request()).json() as Flight;
    const planned = (await planIt(f.id)).json() as Flight;
    expect(planned.plan!.ok).toBe(true);
    expect(planned.plan!.avoidedZones).toContain(zid);
    expect(planned.plan!.path.length).toBeGreaterThan(2);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/no-fly-zones/${zid}`, headers: { cookie: admin, 'x-requested-with': 'XMLHttpRequest' } });
    expect(del.json()).toMatchObject({ active: false });
    const again = (await planIt(f.id)).json() as Flight;
    expect(again.plan!.path).toHaveLength(2);
    await post(`/api/drone-flights/${f.id}/cancel`, station, { reason: 'test' });
  });

  it('refuses a request over payload or range with the reason, and a person must approve a passing plan', async () => {
    const heavy = (await request({ weightKg: 3.5 })).json() as Flight;
    const p = (await planIt(heavy.id)).json() as Flight;
    expect(p.planOk).toBe(false);
    expect(p.plan!.checks.filter((c) => !c.ok).map((c) => c.code)).toContain('payload');
    const refused = await post(`/api/drone-flights/${heavy.id}/approve`, doctor, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'PLAN_BLOCKED' });
    // Too windy for the drone: the wind check fails and says so in Vietnamese.
    const windy = (await planIt(heavy.id, { windMps: 14, windFromDeg: 200 })).json() as Flight;
    expect(windy.plan!.checks.find((c) => c.code === 'wind')!.messageVi).toBe('Gió 14 m/s vượt giới hạn 10 m/s của thiết bị bay');
  });

  it('flies a sample with custody, telemetry, alerts and delivery', async () => {
    const f = (await request({ patientId: (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [ids['TYT-TANCUONG']]))[0]!.id })).json() as Flight;
    expect(f.patientId).not.toBeNull();
    const planned = (await planIt(f.id)).json() as Flight;
    expect(planned.planOk).toBe(true);
    expect((await post(`/api/drone-flights/${f.id}/approve`, station, {})).statusCode).toBe(403); // station staff do not approve
    expect((await post(`/api/drone-flights/${f.id}/approve`, doctor, {})).json()).toMatchObject({ state: 'approved' });

    // Hand-overs at the station; the hospital may not sign them.
    expect((await hand(f.id, 'packed', doctor, { scannedCode: f.boxCode })).json()).toMatchObject({ code: 'NOT_YOUR_SIDE' });
    expect((await hand(f.id, 'packed', station, { scannedCode: f.boxCode })).json()).toMatchObject({ breaks: [] });
    expect((await hand(f.id, 'launched', station, { scannedCode: f.boxCode })).json()).toMatchObject({ breaks: ['missing_step'], missing: ['loaded'], flight: { state: 'in_flight', custodyBreak: true } });
    expect((await hand(f.id, 'packed', station, { scannedCode: f.boxCode })).statusCode).toBe(409);

    // Telemetry straight into the ingest (the MQTT path is tested in logistics.mqtt.integration.test.ts).
    const path = planned.plan!.path as Array<[number, number]>;
    const topic = 'yte/BVDK-TN/drone/D-HC02/telemetry';
    const base = Date.now() - 60_000;
    let i = 0;
    const send = (p: [number, number], over: object = {}, top = topic) => droneIngestFor(t.db)!.ingest.handle(top, JSON.stringify({ droneId: 'D-HC02', at: new Date(base + 1000 * ++i).toISOString(), lat: p[1], lon: p[0], altM: 100, speedMps: 15, batteryPct: 90, payloadTempC: 5, ...over }));
    expect(await send(pointAlong(path, 500))).toBe('accepted');
    expect(await send(pointAlong(path, 1000), {}, 'yte/TYT-TANCUONG/drone/D-HC02/telemetry')).toBe('topicMismatch');
    expect(await send(pointAlong(path, 1000), { droneId: 'D-HC01' })).toBe('topicMismatch');
    expect(await droneIngestFor(t.db)!.ingest.handle(topic, '{"droneId": "D-HC02", at')).toBe('malformed');
    expect(await send([200, 21])).toBe('invalid');
    expect(await droneIngestFor(t.db)!.ingest.handle(topic, JSON.stringify({ droneId: 'D-HC02', at: new Date(base).toISOString(), lat: 21.56, lon: 105.77, altM: 100, speedMps: 15, batteryPct: 90, payloadTempC: 5 }))).toBe('outOfOrder');
    expect(await droneIngestFor(t.db)!.ingest.handle('yte/BVDK-TN/bed/1/vitals', '{}')).toBe('badTopic');
    const on = pointAlong(path, 2000);
    await send([on[0], on[1] + 0.004]); // ~440 m off the corridor
    await send(pointAlong(path, 2500), { payloadTempC: 9.4 });
    await send(pointAlong(path, 3000), { batteryPct: 12 });
    await send(pointAlong(path, 3500), { batteryPct: 11 }); // no second battery alert while one is open
    await droneIngestFor(t.db)!.ingest.stop(); // flush the buffered track and the alert writes
    const detail = (await get(`/api/drone-flights/${f.id}`, doctor)).json() as { alerts: Array<{ kind: string; status: string }>; custody: Array<{ step: string; sig: string }>; last: { batteryPct: number } };
    expect(detail.alerts.map((a) => a.kind).sort()).toEqual(['battery', 'corridor', 'custody', 'temperature']);
    expect(detail.last.batteryPct).toBe(11);
    expect(detail.custody.map((c) => c.step)).toEqual(['packed', 'launched']);
    expect(detail.custody[1]!.sig).toMatch(/^[0-9a-f]{64}$/);
    const trk = (await get(`/api/drone-flights/${f.id}/track`, doctor)).json() as unknown[];
    expect(trk).toHaveLength(5);
    const status = (await get('/api/drone-telemetry/status', admin)).json() as Record<string, number>;
    expect(status).toMatchObject({ accepted: 5, topicMismatch: 2, malformed: 1, invalid: 1, outOfOrder: 1, badTopic: 1 });

    // Landing and receipt at the hospital; a scan of the wrong box is a custody break.
    expect((await hand(f.id, 'landed', doctor, { scannedCode: f.boxCode })).json()).toMatchObject({ flight: { state: 'landed' } });
    expect((await hand(f.id, 'received', nurse, { scannedCode: 'YTE-DR-OTHER', tempC: 5.5 })).json()).toMatchObject({ breaks: ['code_mismatch'], flight: { state: 'delivered' } });
    const fleet = (await get('/api/drones', admin)).json() as Array<{ id: string; status: string; batteryPct: number }>;
    expect(fleet.find((d) => d.id === 'D-HC02')).toMatchObject({ status: 'available', batteryPct: 11 });
    const alert = detail.alerts.find((a) => a.kind === 'battery') as unknown as { id: string };
    const all = (await get('/api/drone-alerts?status=all', nurse)).json() as Array<{ id: string; kind: string }>;
    const batteryAlert = all.find((a) => a.kind === 'battery' && a.id)!;
    expect((await post(`/api/drone-alerts/${batteryAlert.id}/acknowledge`, nurse, {})).json()).toMatchObject({ status: 'acknowledged' });
    expect(alert).toBeDefined();
    // Every read of the patient-linked flight is audited with the patient.
    const reads = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'DroneFlight' AND resource_id = $1 AND patient_id IS NOT NULL AND action = 'read'", [f.id]);
    expect(reads[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it('another facility\'s flight answers 404', async () => {
    // Đại Phúc → Phú Bình: neither end is the hospital.
    const f = (await request({ fromFacilityId: ids['TYT-DAIPHUC'], toFacilityId: ids['TYT-PHUBINH'], cargo: 'medicine', tempMinC: undefined, tempMaxC: undefined })).json() as Flight;
    expect((await get(`/api/drone-flights/${f.id}`, doctor)).statusCode).toBe(404);
    expect((await planIt(f.id, {}, doctor)).statusCode).toBe(404);
    expect((await get(`/api/drone-flights/${f.id}`, station)).statusCode).toBe(200);
  });
});
