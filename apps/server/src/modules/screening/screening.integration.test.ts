import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../decision/common.ts';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

const DAY = 86_400_000;
const ymd = (d: Date) => localDay(d);

interface Created {
  screening: { id: string; kind: string; encounterId: string; result: Record<string, unknown>; suggestionId: string | null; summaryVi: string };
  suggestion: { id: string; toolId: string; severity: string; status: string; summary: string } | null;
  counselling: Array<{ vi: string; en: string }>;
  appointment: { id: string; screeningId: string; status: string } | null;
  referral: { id: string; textVi: string; textEn: string } | null;
}

describe.each(ENGINES)('station screening on %s', (engine) => {
  let t: TestApp;
  let nurse: string; // yt.tuan, station staff
  let doctor: string; // bs.lan, hospital
  let stationId: string;
  let hospitalId: string;
  const ids: Record<string, string> = {};

  const newPatient = async (cookie: string, facilityId: string, fullName: string, sex: 'male' | 'female', birthDate: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: { cookie }, payload: { fullName, sex, birthDate, province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId } });
    expect(res.statusCode).toBe(201);
    return (res.json() as { patient: { id: string } }).patient.id;
  };
  const screen = (kind: string, body: object, cookie = nurse) =>
    t.app.inject({ method: 'POST', url: `/api/screenings/${kind}`, headers: { cookie }, payload: { facilityId: stationId, ...body } });
  const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  beforeAll(async () => {
    t = await openTestApp(engine);
    nurse = await t.login('yt.tuan');
    doctor = await t.login('bs.lan');
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    ids.child = await newPatient(nurse, stationId, 'Nguyễn Thị Bé', 'female', ymd(new Date(Date.now() - 400 * DAY)));
    ids.adult = await newPatient(nurse, stationId, 'Hoàng Văn Ba', 'male', '1970-01-15');
    ids.hospitalPatient = await newPatient(doctor, hospitalId, 'Đỗ Thị Viện', 'female', '1980-02-02');
  });
  afterAll(() => t?.close());

  it('child nutrition: MUAC < 115 mm from 6 months is SAM (WHO 2013) → urgent suggestion, stored, appointment and referral', async () => {
    const res = await screen('nutrition', {
      patientId: ids.child, weightKg: 7.0, lengthOrHeightCm: 72, measured: 'recumbent', muacMm: 110, oedema: false,
      followUp: { appointment: { at: new Date(Date.now() + 7 * DAY).toISOString() }, referral: { toFacility: 'Bệnh viện Đa khoa Hương Chè', note: 'Trẻ bỏ ăn 2 ngày' } },
    });
    expect(res.statusCode).toBe(201);
    const b = res.json() as Created;
    expect(b.screening.kind).toBe('nutrition');
    expect((b.screening.result.classification as { acuteMalnutrition: string }).acuteMalnutrition).toBe('SAM');
    expect(b.suggestion).toMatchObject({ toolId: 'who-growth', severity: 'urgent', status: 'proposed' });
    expect(b.screening.suggestionId).toBe(b.suggestion!.id);
    expect(b.counselling[0]!.vi).toMatch(/Suy dinh dưỡng cấp tính nặng/);
    expect(b.appointment).toMatchObject({ screeningId: b.screening.id, status: 'booked' });
    expect(b.referral!.textVi).toMatch(/GIẤY CHUYỂN KHÁM/);
    expect(b.referral!.textVi).toContain('Nguyễn Thị Bé');
    expect(b.referral!.textVi).toContain('Trẻ bỏ ăn 2 ngày');
    expect(b.referral!.textEn).toMatch(/REFERRAL NOTE/);
    // the measurements are observations of the visit; the screening's own suggestion is the only one
    const obs = await t.db.query<{ code: string; value_num: number }>('SELECT code, value_num FROM observation WHERE encounter_id = $1 ORDER BY code', [b.screening.encounterId]);
    expect(obs.map((o) => o.code).sort()).toEqual(['29463-7', '56072-2', '8302-2']);
    const sug = await t.db.query<{ tool_id: string }>('SELECT tool_id FROM suggestion WHERE encounter_id = $1', [b.screening.encounterId]);
    expect(sug.map((s) => s.tool_id)).toEqual(['who-growth']);
    // the referral can be fetched again (printable)
    const r = await t.app.inject({ method: 'GET', url: `/api/referrals/${b.referral!.id}`, headers: { cookie: nurse } });
    expect(r.statusCode).toBe(200);
    // and the growth points list it
    const g = (await t.app.inject({ method: 'GET', url: `/api/patients/${ids.child}/growth`, headers: { cookie: nurse } })).json() as Array<{ weightKg: number; measured: string; ageDays: number }>;
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ weightKg: 7, measured: 'recumbent', ageDays: 400 });
  });

  it('TB: cough and fever is a positive four-symptom screen → refer for a molecular test (WHO 2021)', async () => {
    const res = await screen('tb', { patientId: ids.adult, symptoms: { cough: true, coughWeeks: 3, fever: true, weightLoss: false, nightSweats: false }, cad: { score: 62, threshold: 50 } });
    expect(res.statusCode).toBe(201);
    const b = res.json() as Created;
    expect(b.screening.result).toMatchObject({ decision: 'refer-molecular-test', symptomScreen: { positive: true, positives: ['cough', 'fever'] }, cad: { abnormal: true } });
    expect(b.suggestion).toMatchObject({ toolId: 'who-tb-screening-2021', severity: 'warning' });
    expect(b.screening.summaryVi).toMatch(/dương tính/);
  });

  it('TB: all four symptoms absent → no further evaluation', async () => {
    const b = (await screen('tb', { patientId: ids.adult, symptoms: { cough: false, fever: false, weightLoss: false, nightSweats: false } })).json() as Created;
    expect(b.screening.result).toMatchObject({ decision: 'no-further-evaluation' });
    expect(b.suggestion!.severity).toBe('info');
  });

  it('CVD (WHO 2019 non-lab) stores BMI from weight and height and a risk band', async () => {
    const res = await screen('cvd', { patientId: ids.adult, model: 'nonlab', systolicBP: 165, diastolicBP: 95, smoker: true, weightKg: 70, heightCm: 165 });
    expect(res.statusCode).toBe(201);
    const b = res.json() as Created;
    expect(b.suggestion!.toolId).toBe('who-cvd-2019-sea');
    expect((b.screening.result as { model: string; band: string }).model).toBe('nonlab');
    expect(b.screening.result).toHaveProperty('band');
    expect((await t.db.query<{ inputs: { bmi: number } }>('SELECT inputs FROM screening WHERE id = $1', [b.screening.id]))[0]!.inputs.bmi).toBe(25.7);
  });

  it('adult BMI: 70 kg, 170 cm → 24.2, overweight by the Asia-Pacific cut-offs (23–24.9)', async () => {
    const b = (await screen('bmi', { patientId: ids.adult, weightKg: 70, heightCm: 170 })).json() as Created;
    expect(b.screening.result).toMatchObject({ bmi: 24.2, asiaPacific: 'overweight', who: 'normal' });
    expect(b.suggestion!.toolId).toBe('yte-adult-bmi');
  });

  it('bad input: 400 with code, field and both languages; nothing is written', async () => {
    const before = await Promise.all(['screening', 'encounter', 'observation', 'suggestion', 'appointment'].map(count));
    const cases: Array<[string, object, string, string]> = [
      ['nutrition', { patientId: ids.child, lengthOrHeightCm: 72 }, 'REQUIRED', 'measured'],
      ['nutrition', { patientId: ids.child, weightKg: 1000 }, 'OUT_OF_RANGE', 'weightKg'],
      ['bmi', { patientId: ids.adult, weightKg: 70, heightCm: 17 }, 'OUT_OF_RANGE', 'heightCm'],
      ['tb', { patientId: ids.adult, symptoms: { cough: true }, cad: { score: 150, threshold: 50 } }, 'OUT_OF_RANGE', 'cad.score'],
      ['bmi', { patientId: ids.child, weightKg: 9, heightCm: 75 }, 'OUT_OF_RANGE', 'patient.birthDate'],
      ['cvd', { patientId: ids.adult, model: 'lab', systolicBP: 140, smoker: false }, 'REQUIRED', 'diabetes'],
      ['tb', { patientId: ids.adult, symptoms: { cough: true }, colour: 'red' }, 'UNKNOWN_FIELD', 'colour'],
      ['bmi', { patientId: ids.adult, weightKg: 70, heightCm: 170, followUp: { appointment: { at: '2020-01-01T08:00:00Z' } } }, 'APPOINTMENT_IN_PAST', 'followUp.appointment.at'],
    ];
    for (const [kind, body, code, field] of cases) {
      const res = await screen(kind, body);
      expect(res.statusCode, `${kind} ${JSON.stringify(body)}`).toBe(400);
      expect(res.json()).toMatchObject({ code, field, message: expect.any(String), messageVi: expect.any(String) });
    }
    expect(await Promise.all(['screening', 'encounter', 'observation', 'suggestion', 'appointment'].map(count))).toEqual(before);
  });

  it('another facility\'s patient, screening or facility is a 404', async () => {
    expect((await screen('bmi', { patientId: ids.hospitalPatient, weightKg: 60, heightCm: 160 })).statusCode).toBe(404);
    expect((await screen('bmi', { patientId: ids.adult, facilityId: hospitalId, weightKg: 60, heightCm: 160 })).statusCode).toBe(404);
    const mine = (await t.app.inject({ method: 'GET', url: `/api/patients/${ids.adult}/screenings`, headers: { cookie: nurse } })).json() as Array<{ id: string }>;
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect((await t.app.inject({ method: 'GET', url: `/api/screenings/${mine[0]!.id}`, headers: { cookie: doctor } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/screenings/${mine[0]!.id}`, headers: { cookie: nurse } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/patients/${ids.adult}/screenings`, headers: { cookie: doctor } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/screenings/${mine[0]!.id}/referral`, headers: { cookie: doctor }, payload: { toFacility: 'X' } })).statusCode).toBe(404);
    const ref = await t.app.inject({ method: 'POST', url: `/api/screenings/${mine[0]!.id}/referral`, headers: { cookie: nurse }, payload: { toFacility: 'Trung tâm Y tế huyện' } });
    expect(ref.statusCode).toBe(201);
  });

  it('growth curves: WHO weight-for-age, girls, birth: −2 SD 2.4, median 3.2, +2 SD 4.2 kg (WHO 2006 SD table)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/growth/curves?indicator=wfa&sex=female', headers: { cookie: nurse } });
    expect(res.statusCode).toBe(200);
    const b = res.json() as { x: string; points: Array<{ x: number; sdM3: number; sdM2: number; sd0: number; sd2: number; sd3: number }> };
    expect(b.x).toBe('ageMonths');
    const p0 = b.points[0]!;
    expect([p0.x, +p0.sdM3.toFixed(1), +p0.sdM2.toFixed(1), +p0.sd0.toFixed(1), +p0.sd2.toFixed(1), +p0.sd3.toFixed(1)]).toEqual([0, 2.0, 2.4, 3.2, 4.2, 4.8]);
    expect(b.points.at(-1)!.x).toBeCloseTo(60, 1); // 1826 days, the last row of the published table
    // boys, weight-for-length 45 cm: −2 SD 2.0, median 2.4 kg (WHO 2006 SD table)
    const wfl = (await t.app.inject({ method: 'GET', url: '/api/growth/curves?indicator=wfl&sex=male', headers: { cookie: nurse } })).json() as typeof b;
    expect([wfl.points[0]!.x, +wfl.points[0]!.sdM2.toFixed(1), +wfl.points[0]!.sd0.toFixed(1)]).toEqual([45, 2.0, 2.4]);
    expect((await t.app.inject({ method: 'GET', url: '/api/growth/curves?indicator=xyz&sex=female', headers: { cookie: nurse } })).statusCode).toBe(400);
  });
});
