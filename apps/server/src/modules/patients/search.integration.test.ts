/**
 * Patient name search through the API, on PGlite and PostgreSQL: ranking, typos, type-ahead,
 * paging, capped totals and facility scoping. The names use the family name "Mạc", which the
 * seeded demo population does not have, so the expected order is known exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

describe.each(ENGINES)('patient name search on %s', (engine) => {
  let t: TestApp;
  let doctor: string; // bs.lan: the hospital only
  let station: string; // yt.tuan: the three stations
  let hospitalId: string;
  let stationId: string;
  const ids = new Map<string, string>();

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const search = async (q: string, cookie = doctor, extra = '') => {
    const res = await get(`/api/patients?q=${encodeURIComponent(q)}${extra}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: { id: string; fullName: string; facilityId: string }[]; total: number; totalCapped: boolean };
  };
  const names = async (q: string, cookie = doctor) => (await search(q, cookie)).items.map((p) => p.fullName);
  const register = async (fullName: string, facilityId: string, cookie: string) => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/patients', headers: { cookie },
      payload: { fullName, sex: 'female', birthDate: '1985-06-01', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().patient.id as string;
  };

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    station = await t.login('yt.tuan');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE kind = 'station' ORDER BY code LIMIT 1"))[0]!.id;
    for (const n of ['Mạc Văn An', 'Mạc Văn Anh', 'Mạc Thị Văn An', 'Mạc Ngọc Minh', 'Mạc Minh Ngọc Chi', 'Mạc Ngọc Minh Châu', 'An Văn Mạc']) {
      ids.set(n, await register(n, hospitalId, doctor));
    }
    ids.set('Mạc Văn Ân (station)', await register('Mạc Văn Ân', stationId, station));
  });
  afterAll(() => t?.close());

  it('ranks the name typed, in the order typed, above longer and reordered names', async () => {
    expect(await names('mac ngoc minh')).toEqual(['Mạc Ngọc Minh', 'Mạc Ngọc Minh Châu', 'Mạc Minh Ngọc Chi']);
    expect(await names('Mạc Văn An')).toEqual(['Mạc Văn An', 'Mạc Thị Văn An', 'An Văn Mạc', 'Mạc Văn Anh']);
  });

  it('finds the name without diacritics and with small typos', async () => {
    for (const q of ['mac van an', 'MAC VAN AN', 'Mac Van Ann', 'mac vaan an', 'macc van an', 'mạc  văn   an']) {
      expect((await names(q))[0], q).toBe('Mạc Văn An');
    }
  });

  it('treats the last token as a prefix while typing', async () => {
    expect(await names('mac van a')).toEqual(['Mạc Văn An', 'Mạc Văn Anh', 'Mạc Thị Văn An', 'An Văn Mạc']);
    expect(await names('mac ngoc minh ch')).toEqual(['Mạc Ngọc Minh Châu', 'Mạc Minh Ngọc Chi']);
  });

  it('lets one name token answer only one typed token', async () => {
    // "ann" is one edit from "an": without the rule "Mạc Văn An" would answer both "ann" and "an".
    expect(await names('mac ann an')).toEqual([]);
    expect((await names('mac van ann'))[0]).toBe('Mạc Văn An');
  });

  it('does not bury a correctly typed name under typo neighbours', async () => {
    // "anh" is one edit from "an": as typed, only the Anh matches.
    expect(await names('mac van anh')).toEqual(['Mạc Văn Anh']);
  });

  it('returns nothing for a name nobody has, and for punctuation alone', async () => {
    expect((await search('qwxz zzyq')).items).toEqual([]);
    expect(await search('-- .')).toMatchObject({ items: [], total: 0, totalCapped: false });
  });

  it("never finds another facility's patient, even through typo matching", async () => {
    const fromHospital = await search('mac van an');
    expect(fromHospital.items.map((p) => p.id)).not.toContain(ids.get('Mạc Văn Ân (station)'));
    expect(fromHospital.items.every((p) => p.facilityId === hospitalId)).toBe(true);
    const fromStation = await search('mac van ann', station);
    expect(fromStation.items.map((p) => p.fullName)).toEqual(['Mạc Văn Ân']);
    expect(fromStation.total).toBe(1);
  });

  it('pages through many patients of one name without gaps or repeats, and caps the count', async () => {
    // 130 patients named alike: the count stops at 100 and says so.
    await t.db.tx(async (q) => {
      await q.query(`INSERT INTO patient (id, facility_id, full_name, name_search, sex, birth_date, province, commune, created_at)
        SELECT gen_random_uuid(), $1, 'Mạc Thị Hoa', 'mac thi hoa', 'female', date '1990-01-01', 'Thái Nguyên', 'X', now()
        FROM generate_series(1, 130)`, [hospitalId]);
    });
    const first = await search('mac thi hoa', doctor, '&limit=60');
    expect(first).toMatchObject({ total: 100, totalCapped: true });
    const second = await search('mac thi hoa', doctor, '&limit=60&offset=60');
    const all = [...first.items, ...second.items].map((p) => p.id);
    expect(first.items).toHaveLength(60);
    expect(new Set(all).size).toBe(all.length);
    const few = await search('mac ngoc minh');
    expect(few).toMatchObject({ total: 3, totalCapped: false });
  });

  it('lists the newest registrations first when no query is given, with a capped count', async () => {
    const res = await get('/api/patients?limit=5', doctor);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: { fullName: string }[]; total: number; totalCapped: boolean };
    expect(body.totalCapped).toBe(false);
    expect(body.total).toBeGreaterThan(100);
    expect(body.items[0]!.fullName).toBe('Mạc Thị Hoa');
  });
});
