import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { generateStationKey, pullMessage, signBytes } from '../sync/sync.keys.ts';
import { registerStation } from '../sync/sync.province.ts';

const HEAD = 'code,name,level,province_code,commune,commune_code,supervisor_code,population,pop_adult40,pop_under5,lat,lon';

describe.each(ENGINES)('network dashboard on %s', (engine) => {
  let t: TestApp;
  let officer: string;
  let doctor: string;
  const get = (url: string, cookie = officer) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const n = async (sql: string, p: unknown[] = []) => (await t.db.query<{ n: number }>(sql, p))[0]!.n;

  beforeAll(async () => {
    t = await openTestApp(engine);
    officer = await t.login('qt.mai');
    doctor = await t.login('bs.lan');
  });
  afterAll(() => t?.close());

  it('national view: the demo province (19) carries its stations and the counts SQL gives, other provinces are empty', async () => {
    const res = await get('/api/network/provinces?days=365&until=2026-11-01');
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.provinces).toHaveLength(34);
    const tn = v.provinces.find((p: { code: string }) => p.code === '19');
    expect(tn.name).toBe('Thái Nguyên');
    expect(tn.indicators.stations).toBe(4);
    const from = v.from, to = v.to;
    expect(tn.indicators.visits).toBe(await n('SELECT count(*)::int n FROM encounter WHERE started_at >= $1 AND started_at < $2', [from, to]));
    expect(tn.indicators.htn).toBe(await n(`SELECT count(*)::int n FROM (SELECT DISTINCT facility_id, patient_id FROM observation WHERE code = '8480-6' AND effective_at >= $1 AND effective_at < $2) x`, [from, to]));
    expect(tn.indicators.htn).toBeGreaterThan(0);
    expect(tn.indicators.popAdult40).toBe(Math.round(9800 * 0.38) + Math.round(7600 * 0.38) + Math.round(11200 * 0.38));
    expect(tn.indicators.coverage.htn).toBeCloseTo(tn.indicators.htn / tn.indicators.popAdult40, 6);
    const decided = await n(`SELECT count(*)::int n FROM suggestion WHERE visibility = 'visible' AND status <> 'proposed' AND created_at >= $1 AND created_at < $2`, [from, to]);
    expect(tn.indicators.decided).toBe(decided);
    expect(v.provinces.find((p: { code: string }) => p.code === '01').indicators.stations).toBe(0);
    expect(v.total.stations).toBe(4);
  });

  it('answers carry no patient data: no patient id or name appears anywhere', async () => {
    const body = (await get('/api/network/provinces/19?days=3650&until=2026-11-01')).body + (await get('/api/network/provinces?days=3650&until=2026-11-01')).body;
    const patients = await t.db.query<{ id: string; full_name: string }>('SELECT id::text, full_name FROM patient');
    expect(patients.length).toBeGreaterThan(50);
    for (const p of patients) {
      expect(body.includes(p.id)).toBe(false);
      expect(body.includes(p.full_name)).toBe(false);
    }
  });

  it('imports a registry CSV whole, or nothing with every bad line listed', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/api/network/registry', headers: { cookie: officer, 'content-type': 'application/json' },
      payload: { csv: `${HEAD}\nHN-BV,Bệnh viện X,provincial_hospital,01,Ba Đình,,,0,0,0,,\nHN-1,Trạm 1,commune_station,01,Xã A,,HN-BV,100,200,0,,\n` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'REGISTRY_INVALID', details: [{ line: 3, field: 'population' }] });
    expect(await n(`SELECT count(*)::int n FROM facility WHERE code LIKE 'HN-%'`)).toBe(0);
    const ok = await t.app.inject({ method: 'POST', url: '/api/network/registry', headers: { cookie: officer, 'content-type': 'application/json' },
      payload: { csv: `${HEAD}\nHN-BV,Bệnh viện X,provincial_hospital,01,Ba Đình,,,0,0,0,,\nHN-1,"Trạm Y tế Phường 1, Hà Nội",commune_station,01,Phường 1,00101,HN-BV,12000,4500,800,21.03,105.85\nHN-2,Trạm 2,commune_station,1,Xã B,,HN-BV,8000,3000,600,,\n` } });
    expect(ok.json()).toEqual({ created: 3, updated: 0 });
    const again = await t.app.inject({ method: 'POST', url: '/api/network/registry', headers: { cookie: officer, 'content-type': 'application/json' },
      payload: { csv: `${HEAD}\nHN-2,Trạm 2,commune_station,01,Xã B,,HN-BV,9000,3000,600,,\n` } });
    expect(again.json()).toEqual({ created: 0, updated: 1 });
    expect(await n(`SELECT population AS n FROM network_facility nf JOIN facility f ON f.id = nf.facility_id WHERE f.code = 'HN-2'`)).toBe(9000);
    const denied = await t.app.inject({ method: 'POST', url: '/api/network/registry', headers: { cookie: doctor, 'content-type': 'application/json' }, payload: { csv: HEAD } });
    expect(denied.statusCode).toBe(403);
  });

  it('province view: a station that pulled is live with its reported queue; one never synced is "never"', async () => {
    const id = (await t.db.query<{ id: string }>(`SELECT id::text FROM facility WHERE code = 'HN-1'`))[0]!.id;
    const key = generateStationKey();
    await registerStation(t.db, id, key.publicKey);
    const pull = await t.app.inject({ method: 'GET', url: '/api/sync/pull?since=0', headers: { 'x-yte-station': id, 'x-yte-signature': signBytes(key.privateKey, pullMessage(id, 0)), 'x-yte-queue': '37' } });
    expect(pull.statusCode).toBe(200);
    const id2 = (await t.db.query<{ id: string }>(`SELECT id::text FROM facility WHERE code = 'HN-2'`))[0]!.id;
    await registerStation(t.db, id2, generateStationKey().publicKey);
    const v = (await get('/api/network/provinces/01')).json();
    expect(v.name).toBe('Hà Nội');
    const s1 = v.stations.find((s: { code: string }) => s.code === 'HN-1');
    expect(s1).toMatchObject({ link: 'live', queue: 37, name: 'Trạm Y tế Phường 1, Hà Nội' });
    expect(s1.lagSeconds).toBeLessThan(60);
    expect(v.stations.find((s: { code: string }) => s.code === 'HN-2').link).toBe('never');
    expect(v.stations.find((s: { code: string }) => s.code === 'HN-BV').link).toBe('local');
    expect(v.total).toMatchObject({ stations: 3, enrolled: 2, live: 1, never: 1, queue: 37, population: 21000 });
  });

  it('CSV export: one line per province / station, formula cells neutralised', async () => {
    const csv = await get('/api/network/provinces.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(35);
    expect(lines[0]).toMatch(/^province_code,province,stations,live,/);
    expect(lines.find((l) => l.startsWith('01,'))).toMatch(/^01,Hà Nội,3,1,0,0,1,37,21000,/);
    const st = (await get('/api/network/provinces/01/stations.csv')).body.trim().split('\r\n');
    expect(st).toHaveLength(4);
    expect(st.some((l) => l.startsWith('HN-1,"Trạm Y tế Phường 1, Hà Nội",Phường 1,commune_station,live,'))).toBe(true);
  });

  it('roles and bad input: a doctor 403, unknown province 404, bad days 400', async () => {
    expect((await get('/api/network/provinces', doctor)).statusCode).toBe(403);
    expect((await get('/api/network/provinces/99')).statusCode).toBe(404);
    expect((await get('/api/network/provinces?days=0')).statusCode).toBe(400);
    expect((await get('/api/network/provinces?until=2026-13-45')).statusCode).toBe(400);
  });
});
