import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

interface T { id: string; state: string; nextStates: string[]; bhyt: string | null; icd10: string; arrivedAt: string | null; receivedAt: string | null; counterReferral: { advice: string; followUpPlan: string } | null }

describe.each(ENGINES)('referral and counter-referral on %s', (engine) => {
  let t: TestApp;
  let station: string; // yt.tuan, station staff at TYT-TANCUONG and others
  let doctor: string; // bs.lan, hospital BVDK-TN
  let stationId: string;
  let otherStationId: string;
  let hospitalId: string;
  let patientId: string;
  const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const body = () => ({
    patientId, fromFacilityId: stationId, toFacilityId: hospitalId, reason: 'Vượt quá khả năng chuyên môn của trạm', diagnosis: 'Viêm phổi cộng đồng', icd10: 'j18.9',
    treatmentGiven: 'Amoxicillin 1 g uống; oxy qua gọng mũi 2 L/phút', conditionAtTransfer: 'Tỉnh, SpO2 93% với oxy, thở 24 lần/phút', transport: 'Xe cấp cứu 115',
    accompanyingStaff: 'YS. Phạm Văn Tuấn',
  });
  const create = (over: object = {}, cookie = station) => t.app.inject({ method: 'POST', url: '/api/referrals', headers: json(cookie), payload: { ...body(), ...over } });
  const move = (id: string, payload: object, cookie = doctor) => t.app.inject({ method: 'POST', url: `/api/referrals/${id}/transition`, headers: json(cookie), payload });

  beforeAll(async () => {
    t = await openTestApp(engine);
    station = await t.login('yt.tuan');
    doctor = await t.login('bs.lan');
    const fid = async (code: string) => (await t.db.query<{ id: string }>('SELECT id FROM facility WHERE code = $1', [code]))[0]!.id;
    stationId = await fid('TYT-TANCUONG');
    otherStationId = await fid('TYT-DAIPHUC');
    hospitalId = await fid('BVDK-TN');
    const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: json(station), payload: { fullName: 'Lò Văn Chuyển', sex: 'male', birthDate: '1958-04-12', province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId: stationId, bhyt: 'HT3010123456789' } });
    expect(res.statusCode).toBe(201);
    patientId = (res.json() as { patient: { id: string } }).patient.id;
  });
  afterAll(() => t?.close());

  it('walks sent → received → arrived → treated → counter-referral, and the station sees the advice', async () => {
    const res = await create();
    expect(res.statusCode).toBe(201);
    const r = res.json() as T;
    expect(r).toMatchObject({ state: 'sent', icd10: 'J18.9', bhyt: 'HT3010123456789', nextStates: ['cancelled'] });

    // The hospital, which cannot open the station's patient chart, sees the patient through the referral.
    expect((await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}`, headers: { cookie: doctor } })).statusCode).toBe(404);
    const inbox = (await t.app.inject({ method: 'GET', url: `/api/referrals/inbox?facilityId=${hospitalId}`, headers: { cookie: doctor } })).json() as T[];
    expect(inbox.map((x) => x.id)).toContain(r.id);
    expect(inbox.find((x) => x.id === r.id)!.nextStates.sort()).toEqual(['arrived', 'cancelled', 'received']);
    const sum = await t.app.inject({ method: 'GET', url: `/api/referrals/${r.id}/patient-summary`, headers: { cookie: doctor } });
    expect(sum.statusCode).toBe(200);
    expect(sum.json()).toMatchObject({ patient: { fullName: 'Lò Văn Chuyển', bhyt: 'HT3010123456789' } });

    // The station may not acknowledge on the hospital's behalf.
    const wrongSide = await move(r.id, { to: 'received' }, station);
    expect(wrongSide.statusCode).toBe(403);
    expect(wrongSide.json()).toMatchObject({ code: 'NOT_YOUR_SIDE' });

    expect((await move(r.id, { to: 'received' })).statusCode).toBe(200);
    expect((await move(r.id, { to: 'treated' })).statusCode).toBe(409); // not arrived yet
    expect((await move(r.id, { to: 'arrived' })).json()).toMatchObject({ state: 'arrived' });
    expect((await move(r.id, { to: 'cancelled', cancelReason: 'x' }, station)).statusCode).toBe(409); // too late to cancel
    expect((await move(r.id, { to: 'treated' })).statusCode).toBe(200);
    const noAdvice = await move(r.id, { to: 'counter_referral_returned', counterReferral: { advice: '  ', followUpPlan: 'Tái khám sau 7 ngày' } });
    expect(noAdvice.statusCode).toBe(400);
    const back = await move(r.id, { to: 'counter_referral_returned', counterReferral: { diagnosis: 'Viêm phổi thùy dưới phải', advice: 'Uống đủ kháng sinh 7 ngày', followUpPlan: 'Trạm tái khám sau 7 ngày, đo SpO2' } });
    expect(back.statusCode).toBe(200);
    expect((back.json() as T).nextStates).toEqual([]);

    const mine = (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/referrals`, headers: { cookie: station } })).json() as T[];
    expect(mine[0]).toMatchObject({ id: r.id, state: 'counter_referral_returned', counterReferral: { advice: 'Uống đủ kháng sinh 7 ngày', followUpPlan: 'Trạm tái khám sau 7 ngày, đo SpO2' } });
    expect(mine[0]!.arrivedAt).not.toBeNull();

    const audit = await t.db.query<{ action: string; outcome: string }>("SELECT action, outcome FROM audit_log WHERE resource_id = $1 AND resource_type = 'Referral' ORDER BY seq", [r.id]);
    expect(audit.filter((a) => a.action === 'update' && a.outcome === 'success')).toHaveLength(4);
  });

  it('refuses bad ICD-10, bad BHYT, a station as destination, and a patient of another facility', async () => {
    expect((await create({ icd10: 'J1X' })).json()).toMatchObject({ code: 'INVALID_ICD10', field: 'icd10' });
    expect((await create({ bhyt: 'ZZ3010123456789' })).json()).toMatchObject({ code: 'INVALID_BHYT', field: 'bhyt' });
    expect((await create({ toFacilityId: otherStationId })).json()).toMatchObject({ code: 'NOT_A_HOSPITAL' });
    expect((await create({}, doctor)).statusCode).toBe(404); // not the doctor's station or patient
    expect((await create({ diagnosis: '   ' })).json()).toMatchObject({ code: 'REQUIRED', field: 'diagnosis' });
  });

  it('keeps other facilities out: inbox of a facility not the caller\'s is 403, detail is 404', async () => {
    const r = (await create()).json() as T;
    expect((await t.app.inject({ method: 'GET', url: `/api/referrals/inbox?facilityId=${hospitalId}`, headers: { cookie: station } })).statusCode).toBe(403);
    const admin = await t.login('qt.mai'); // governance officer: no chart reading role
    expect((await t.app.inject({ method: 'GET', url: `/api/referrals/${r.id}/details`, headers: { cookie: admin } })).statusCode).toBe(403);
    // The sender cancels before arrival, with a reason; then nobody can move it.
    expect((await move(r.id, { to: 'cancelled' }, station)).statusCode).toBe(400);
    expect((await move(r.id, { to: 'cancelled', cancelReason: 'Gia đình xin chuyển nơi khác' }, station)).json()).toMatchObject({ state: 'cancelled' });
    expect((await move(r.id, { to: 'received' })).statusCode).toBe(409);
  });

  it('prints the referral paper as a PDF with an embedded Vietnamese font', async () => {
    const r = (await create()).json() as T;
    const res = await t.app.inject({ method: 'GET', url: `/api/referrals/${r.id}/paper.pdf`, headers: { cookie: doctor } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.toString('latin1')).toMatch(/FontFile2/); // TTF embedded (glyphs for ă, ơ, ư, ạ …)
  });

  it('reports metrics by facility: arrivals, completed and counter-referral shares', async () => {
    const m = (await t.app.inject({ method: 'GET', url: `/api/referrals/metrics?facilityId=${hospitalId}`, headers: { cookie: doctor } })).json() as { received: { total: number; cancelled: number; active: number; arrived: number; shareCompleted: number; shareCounterReferral: number } };
    // From the tests above: one returned, one cancelled, one sent (the PDF one).
    expect(m.received).toMatchObject({ total: 3, cancelled: 1, active: 2, arrived: 1, shareCompleted: 0.5, shareCounterReferral: 0.5 });
    expect((await t.app.inject({ method: 'GET', url: `/api/referrals/metrics?facilityId=${hospitalId}`, headers: { cookie: station } })).statusCode).toBe(403);
  });
});
