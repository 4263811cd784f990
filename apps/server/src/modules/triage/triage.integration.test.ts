import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../decision/common.ts';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

const MIN = 60_000;
const DAY = 86_400_000;

interface Triage { id: string; category: string; targetMinutes: number; waitingMinutes: number; overTarget: boolean; status: string; suggestionId: string | null; patient: { fullName: string }; criteria: string[] }

describe.each(ENGINES)('triage queue and appointments on %s', (engine) => {
  let t: TestApp;
  let nurse: string; // dd.hoa, hospital nurse
  let station: string; // yt.tuan
  let hospitalId: string;
  let stationId: string;
  const ids: Record<string, string> = {};

  const newPatient = async (cookie: string, facilityId: string, fullName: string, birthDate = '1975-06-01') => {
    const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: { cookie }, payload: { fullName, sex: 'male', birthDate, province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId } });
    return (res.json() as { patient: { id: string } }).patient.id;
  };
  const arrive = (body: object, cookie = nurse) => t.app.inject({ method: 'POST', url: '/api/triage', headers: { cookie }, payload: { facilityId: hospitalId, ...body } });
  const queue = async (cookie = nurse, facilityId = hospitalId) => t.app.inject({ method: 'GET', url: `/api/triage/queue?facilityId=${facilityId}`, headers: { cookie } });

  beforeAll(async () => {
    t = await openTestApp(engine);
    nurse = await t.login('dd.hoa');
    station = await t.login('yt.tuan');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
    ids.green = await newPatient(nurse, hospitalId, 'Người Xanh');
    ids.yellow = await newPatient(nurse, hospitalId, 'Người Vàng');
    ids.red = await newPatient(nurse, hospitalId, 'Người Đỏ');
    ids.station = await newPatient(station, stationId, 'Người Trạm');
  });
  afterAll(() => t?.close());

  it('orders the queue red, yellow, green (then arrival) and reports waiting time against the target', async () => {
    const now = Date.now();
    // TEWS: walking 0, RR 16 → 1, HR 80 → 0, SBP 120 → 0, 37 °C → 0, alert 0, no trauma → 1 (green; target 240 min)
    const g = await arrive({ patientId: ids.green, arrivedAt: new Date(now - 30 * MIN).toISOString(), signs: [], mobility: 'walking', trauma: false, vitals: { heartRate: 80, respRate: 16, systolicBP: 120, temperatureC: 37, avpu: 'A', spo2: 98 } });
    expect(g.statusCode).toBe(201);
    // IITT ≥ 12 y: heart rate > 130 is a high-risk vital sign → yellow
    const y = await arrive({ patientId: ids.yellow, arrivedAt: new Date(now - 20 * MIN).toISOString(), vitals: { heartRate: 135 } });
    expect(y.json()).toMatchObject({ category: 'yellow' });
    // stridor is an emergency sign → red, immediate
    const r = await arrive({ patientId: ids.red, arrivedAt: new Date(now - 5 * MIN).toISOString(), signs: ['stridor'] });
    expect(r.json()).toMatchObject({ category: 'red', targetMinutes: 0, criteria: ['stridor'] });
    expect(g.json()).toMatchObject({ category: 'green', targetMinutes: 240 });

    const res = await queue();
    expect(res.statusCode).toBe(200);
    const q = res.json() as Triage[];
    expect(q.map((x) => x.patient.fullName)).toEqual(['Người Đỏ', 'Người Vàng', 'Người Xanh']);
    expect(q[0]!.waitingMinutes).toBeGreaterThanOrEqual(5);
    expect(q[0]!.overTarget).toBe(true);
    expect(q[2]!.overTarget).toBe(false);
    // the triage output is a suggestion; the red one is an emergency
    const sug = await t.db.query<{ tool_id: string; severity: string }>('SELECT tool_id, severity FROM suggestion WHERE id = $1', [q[0]!.suggestionId]);
    expect(sug[0]).toEqual({ tool_id: 'iitt-sats-triage', severity: 'emergency' });
  });

  it('marking seen removes the patient from the queue; a second time is a conflict', async () => {
    const q = (await (await queue()).json()) as Triage[];
    const red = q[0]!;
    const seen = await t.app.inject({ method: 'POST', url: `/api/triage/${red.id}/seen`, headers: { cookie: nurse, 'x-requested-with': 'yte' } });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'seen' });
    expect(((await queue()).json() as Triage[]).map((x) => x.id)).not.toContain(red.id);
    const again = await t.app.inject({ method: 'POST', url: `/api/triage/${red.id}/seen`, headers: { cookie: nurse, 'x-requested-with': 'yte' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_SEEN', messageVi: expect.any(String) });
  });

  it('bad input is refused with the field named, and nothing is written', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM triage) + (SELECT count(*) FROM encounter) AS n'))[0]!.n;
    const unknownSign = await arrive({ patientId: ids.green, signs: ['feels-blue'] });
    expect(unknownSign.statusCode).toBe(400);
    expect(unknownSign.json()).toMatchObject({ code: 'INVALID_ENUM', field: 'signs[0]' });
    const hr = await arrive({ patientId: ids.green, vitals: { heartRate: 400 } });
    expect(hr.statusCode).toBe(400);
    expect(hr.json()).toMatchObject({ code: 'IMPOSSIBLE_VALUE', field: 'vitals.heartRate' });
    const future = await arrive({ patientId: ids.green, arrivedAt: new Date(Date.now() + DAY).toISOString() });
    expect(future.json()).toMatchObject({ code: 'FUTURE_INSTANT', field: 'arrivedAt' });
    expect((await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM triage) + (SELECT count(*) FROM encounter) AS n'))[0]!.n).toBe(before);
  });

  it('another facility\'s queue, patient or arrival is a 404', async () => {
    expect((await queue(station)).statusCode).toBe(404);
    expect((await arrive({ patientId: ids.station })).statusCode).toBe(404);
    expect((await arrive({ patientId: ids.green, facilityId: hospitalId }, station)).statusCode).toBe(404);
    const q = (await queue()).json() as Triage[];
    expect((await t.app.inject({ method: 'POST', url: `/api/triage/${q[0]!.id}/seen`, headers: { cookie: station, 'x-requested-with': 'yte' } })).statusCode).toBe(404);
  });

  it('appointments: book, list by day, mark seen; past dates and early "missed" are refused', async () => {
    const at = new Date(Date.now() + DAY);
    const book = await t.app.inject({ method: 'POST', url: '/api/appointments', headers: { cookie: station }, payload: { patientId: ids.station, facilityId: stationId, at: at.toISOString(), reason: 'Tái khám huyết áp' } });
    expect(book.statusCode).toBe(201);
    const a = book.json() as { id: string; status: string };
    expect(a.status).toBe('booked');
    const day = await t.app.inject({ method: 'GET', url: `/api/appointments?facilityId=${stationId}&date=${localDay(at)}`, headers: { cookie: station } });
    expect((day.json() as Array<{ id: string; patient: { fullName: string } }>).find((x) => x.id === a.id)?.patient.fullName).toBe('Người Trạm');
    // without facilityId: the day across all of the caller's facilities
    const all = await t.app.inject({ method: 'GET', url: `/api/appointments?date=${localDay(at)}`, headers: { cookie: station } });
    expect((all.json() as Array<{ id: string }>).map((x) => x.id)).toContain(a.id);
    const other = await t.app.inject({ method: 'GET', url: `/api/appointments?facilityId=${stationId}&date=${localDay(new Date(Date.now() + 3 * DAY))}`, headers: { cookie: station } });
    expect((other.json() as unknown[]).length).toBe(0);
    const early = await t.app.inject({ method: 'POST', url: `/api/appointments/${a.id}/status`, headers: { cookie: station }, payload: { status: 'missed' } });
    expect(early.json()).toMatchObject({ code: 'NOT_YET_DUE', field: 'status' });
    const seen = await t.app.inject({ method: 'POST', url: `/api/appointments/${a.id}/status`, headers: { cookie: station }, payload: { status: 'seen' } });
    expect(seen.json()).toMatchObject({ status: 'seen' });
    expect((await t.app.inject({ method: 'POST', url: `/api/appointments/${a.id}/status`, headers: { cookie: station }, payload: { status: 'cancelled' } })).statusCode).toBe(409);
    const past = await t.app.inject({ method: 'POST', url: '/api/appointments', headers: { cookie: station }, payload: { patientId: ids.station, facilityId: stationId, at: '2020-01-01T02:00:00Z' } });
    expect(past.json()).toMatchObject({ code: 'APPOINTMENT_IN_PAST', field: 'at' });
    // scoping
    expect((await t.app.inject({ method: 'GET', url: `/api/appointments?facilityId=${stationId}`, headers: { cookie: nurse } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/appointments/${a.id}/status`, headers: { cookie: nurse }, payload: { status: 'seen' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/api/appointments', headers: { cookie: nurse }, payload: { patientId: ids.station, facilityId: hospitalId, at: at.toISOString() } })).statusCode).toBe(404);
    const mine = await t.app.inject({ method: 'GET', url: `/api/patients/${ids.station}/appointments`, headers: { cookie: station } });
    expect((mine.json() as unknown[]).length).toBe(1);
  });

  it('lists the IITT sign codes for the form', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/triage/signs', headers: { cookie: nurse } });
    const b = res.json() as { adult: { red: string[] }; child: { yellow: string[] } };
    expect(b.adult.red).toContain('stridor');
    expect(b.child.yellow).toContain('tiny-baby-under-2-months');
  });
});
