import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

type Sentence = { section: string; en: string; vi: string; sources: { type: string; id: string }[]; flagged: boolean };
type Field = { key: string; vi: string; en: string; sources: { type: string; id: string }[]; forDoctor: boolean };

describe.each(ENGINES)('staff assistant, one patient, on %s', (engine) => {
  let t: TestApp;
  let doctor: string;
  let nurse: string;
  let station: string;
  let admin: string;
  let hospitalId: string;
  let otherHospitalId: string;
  let patientId: string;
  let foreignPatientId: string;
  const ids: Record<string, string> = {};
  const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
  const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    nurse = await t.login('dd.hoa');
    station = await t.login('yt.tuan');
    admin = await t.login('ql.hung');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    otherHospitalId = randomUUID();
    await t.db.query("INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1, 'BVTW-TEST', 'Bệnh viện Trung ương Thái Nguyên', 'hospital', 'Thái Nguyên', 'Phan Đình Phùng')", [otherHospitalId]);
    const created = await t.app.inject({ method: 'POST', url: '/api/patients', headers: json(doctor), payload: { fullName: 'Đinh Thị Tóm', sex: 'female', birthDate: '1951-06-20', province: 'Thái Nguyên', commune: 'Phường Quang Trung', facilityId: hospitalId, bhyt: 'HT3010123456789' } });
    expect(created.statusCode, created.body).toBe(201);
    patientId = (created.json() as { patient: { id: string } }).patient.id;
    const stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
    foreignPatientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 LIMIT 1', [stationId]))[0]!.id;

    const enc = async (hoursAgo: number, vitals: object, labs: object[] = [], reason = 'Sốt, ho') => {
      const res = await t.app.inject({ method: 'POST', url: `/api/patients/${patientId}/encounters`, headers: json(nurse), payload: { facilityId: hospitalId, type: 'inpatient', reason, startedAt: ago(hoursAgo), vitals, labs } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { encounter: { id: string }; observations: { id: string; code: string }[] };
    };
    const old = await enc(80, { pulse: 70 }, [], 'Khám cũ'); // outside 48 h
    ids.oldEncounter = old.encounter.id;
    const e1 = await enc(30, { pulse: 92, temperatureC: 38.2 }, [{ loinc: '2160-0', value: 130, unit: 'umol/L', refLow: 45, refHigh: 90, display: 'Creatinine' }]);
    ids.e1 = e1.encounter.id;
    const e2 = await enc(3, { pulse: 118, temperatureC: 39.4 }, [{ loinc: '2160-0', value: 176.5, unit: 'umol/L', refLow: 45, refHigh: 90, display: 'Creatinine' }]);
    ids.e2 = e2.encounter.id;
    ids.creat2 = e2.observations.find((o) => o.code === '2160-0')!.id;
    ids.creat1 = e1.observations.find((o) => o.code === '2160-0')!.id;
    ids.alert = randomUUID();
    await t.db.query(
      `INSERT INTO alert (id, patient_id, encounter_id, facility_id, level, score, sub_scores, explanation, reason, status, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'urgent', 6, '{}', '{}', 'NEWS2 aggregate 5-6', 'open', $5, $5)`,
      [ids.alert, patientId, ids.e2, hospitalId, ago(2)],
    );
    const referral = await t.app.inject({
      method: 'POST', url: '/api/referrals', headers: json(doctor),
      payload: { patientId, fromFacilityId: hospitalId, toFacilityId: otherHospitalId, reason: 'Cần lọc máu', diagnosis: 'Tổn thương thận cấp', icd10: 'N17.9', treatmentGiven: 'Bù dịch', conditionAtTransfer: 'Tỉnh, mạch 110', transport: 'Xe cấp cứu', accompanyingStaff: 'ĐD. Trần Thị Hoa' },
    });
    expect(referral.statusCode, referral.body).toBe(201);
    ids.referral = (referral.json() as { id: string }).id;
  });
  afterAll(() => t?.close());

  const summary = (cookie: string, id = patientId, q = '') => t.app.inject({ method: 'GET', url: `/api/assistant/staff/patients/${id}/summary${q}`, headers: { cookie } });

  it('summarises the last 48 h from the record, each sentence citing records of this patient', async () => {
    const res = await summary(nurse);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json() as { hours: number; sentences: Sentence[] };
    expect(s.hours).toBe(48);
    const pulse = s.sentences.find((x) => x.section === 'vitals' && x.en.startsWith('Heart rate'))!;
    expect(pulse.en).toMatch(/^Heart rate: 2 readings, rising from 92 \/min .* to 118 \/min/);
    expect(pulse.vi).toMatch(/^Mạch: 2 lần đo, tăng từ 92/);
    expect(s.sentences.find((x) => x.vi.startsWith('Nhiệt độ'))!.vi).toContain('39,4 °C');
    const creat = s.sentences.find((x) => x.section === 'labs')!;
    expect(creat.flagged).toBe(true);
    expect(creat.en).toMatch(/^Creatinine: 176\.5 umol\/L HIGH .* previous 130 umol\/L/);
    expect(creat.sources).toEqual([{ type: 'Observation', id: ids.creat2 }, { type: 'Observation', id: ids.creat1 }]);
    expect(s.sentences.find((x) => x.section === 'alerts')!.sources).toEqual([{ type: 'Alert', id: ids.alert }]);
    const encs = s.sentences.filter((x) => x.section === 'encounters').map((x) => x.sources[0]!.id);
    expect(encs).toEqual([ids.e1, ids.e2]); // not the 80-hour-old one
    expect(s.sentences.find((x) => x.section === 'referrals')!.sources).toEqual([{ type: 'Referral', id: ids.referral }]);
    // every cited record is this patient's
    const obsIds = (await t.db.query<{ id: string }>('SELECT id FROM observation WHERE patient_id = $1', [patientId])).map((r) => r.id);
    for (const src of s.sentences.flatMap((x) => x.sources).filter((r) => r.type === 'Observation')) expect(obsIds).toContain(src.id);
    expect(JSON.stringify(s)).not.toContain('70 /min');
  });

  it('every record read is audited by the module that owns it', async () => {
    const before = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND action = 'read'", [patientId]))[0]!.n;
    await summary(doctor);
    const reads = await t.db.query<{ resource_type: string; outcome: string }>("SELECT resource_type, outcome FROM audit_log WHERE patient_id = $1 AND action = 'read' ORDER BY seq DESC LIMIT 6", [patientId]);
    expect(reads.map((r) => r.resource_type).sort()).toEqual(['Alert', 'Encounter', 'Observation', 'Patient', 'Referral', 'Suggestion']);
    expect(reads.every((r) => r.outcome === 'success')).toBe(true);
    const after = (await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE patient_id = $1 AND action = 'read'", [patientId]))[0]!.n;
    expect(after - before).toBe(6);
  });

  it('another facility\'s patient is 404 (audited as not found); a governance officer is 403; bad hours 400', async () => {
    expect((await summary(doctor, foreignPatientId)).statusCode).toBe(404);
    expect((await summary(station, patientId)).statusCode).toBe(404);
    const denied = await t.db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE resource_type = 'Patient' AND resource_id = $1 ORDER BY seq DESC LIMIT 1", [patientId]);
    expect(denied[0]!.outcome).toBe('not_found');
    expect((await summary(await t.login('qt.mai'))).statusCode).toBe(403);
    expect((await summary(doctor, patientId, '?hours=0')).statusCode).toBe(400);
    expect((await summary(doctor, patientId, '?hours=abc')).statusCode).toBe(400);
    // through the chat: a patient of another facility than the panel's is 404 too
    const chat = await t.app.inject({ method: 'POST', url: '/api/assistant/staff/ask', headers: json(doctor), payload: { facilityId: hospitalId, patientId: foreignPatientId, question: 'Tóm tắt 48 giờ qua' } });
    expect(chat.statusCode).toBe(404);
  });

  it('the chat answers "tom tat 48h" for the open patient, in Vietnamese, with the summary attached', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/assistant/staff/ask', headers: json(nurse), payload: { facilityId: hospitalId, patientId, question: 'tom tat benh nhan nay 48h qua' } });
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json() as { intent: string; answer: string; summary: { sentences: Sentence[] } };
    expect(b.intent).toBe('summary');
    expect(b.answer).toContain('Mạch: 2 lần đo');
    expect(b.summary.sentences.length).toBeGreaterThan(5);
    const noPatient = (await t.app.inject({ method: 'POST', url: '/api/assistant/staff/ask', headers: json(nurse), payload: { facilityId: hospitalId, question: 'Summarise this patient\'s last 48 h' } })).json() as { intent: string; answer: string };
    expect(noPatient).toMatchObject({ intent: 'summary', answer: expect.stringContaining('Open a patient') });
  });

  it('drafts the referral letter as a suggestion with its sources; a doctor edits and accepts it', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/assistant/staff/patients/${patientId}/referral-draft`, headers: json(nurse), payload: {} });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json() as { suggestionId: string; status: string; draft: { referralId: string; fields: Field[] }; textVi: string };
    expect(d.status).toBe('proposed');
    expect(d.draft.referralId).toBe(ids.referral);
    const f = Object.fromEntries(d.draft.fields.map((x) => [x.key, x]));
    expect(f.addressee!.vi).toBe('Bệnh viện Trung ương Thái Nguyên');
    expect(f.diagnosis!.vi).toBe('Tổn thương thận cấp (ICD-10: N17.9)');
    expect(f.clinicalSigns!.vi).toMatch(/mạch 118 \/phút/);
    expect(f.labResults!.vi).toMatch(/Creatinine 176,5 umol\/L \(cao\)/);
    expect(f.treatmentDirection!.forDoctor).toBe(true);
    expect(d.textVi).toMatch(/^GIẤY CHUYỂN TUYẾN KHÁM BỆNH, CHỮA BỆNH \(BẢN NHÁP\)/);
    const [sug] = await t.db.query<{ tool_id: string; status: string; visibility: string; subject_ref: string; inputs: { sources: unknown[] } }>('SELECT tool_id, status, visibility, subject_ref, inputs FROM suggestion WHERE id = $1', [d.suggestionId]);
    expect(sug).toMatchObject({ tool_id: 'yte-referral-letter-draft', status: 'proposed', visibility: 'visible', subject_ref: `Referral/${ids.referral}` });
    expect(sug!.inputs.sources.length).toBeGreaterThan(3);

    const decide = (cookie: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/assistant/staff/referral-drafts/${d.suggestionId}/decision`, headers: json(cookie), payload });
    const edited = d.draft.fields.map((x) => (x.key === 'treatmentDirection' ? { key: x.key, vi: 'Lọc máu cấp cứu', en: 'Emergency dialysis' } : { key: x.key, vi: x.vi, en: x.en }));
    expect((await decide(nurse, { decision: 'accept', fields: edited })).statusCode).toBe(403); // a doctor accepts
    const noDiagnosis = await decide(doctor, { decision: 'accept', fields: edited.map((x) => (x.key === 'diagnosis' ? { ...x, vi: ' ' } : x)) });
    expect(noDiagnosis.json()).toMatchObject({ code: 'REQUIRED', field: 'fields.diagnosis' });
    expect((await decide(doctor, { decision: 'accept', fields: [{ key: 'nonsense', vi: 'x', en: 'x' }] })).statusCode).toBe(400);
    const ok = await decide(doctor, { decision: 'accept', fields: edited });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'accepted', letter: { edited: ['treatmentDirection'] } });
    expect((ok.json() as { letter: { textVi: string } }).letter.textVi).toContain('Hướng điều trị: Lọc máu cấp cứu');
    const [stored] = await t.db.query<{ edited: string[]; patient_id: string }>('SELECT edited, patient_id FROM assistant_referral_letter WHERE suggestion_id = $1', [d.suggestionId]);
    expect(stored).toMatchObject({ edited: ['treatmentDirection'], patient_id: patientId });
    expect((await t.db.query<{ status: string }>('SELECT status FROM suggestion WHERE id = $1', [d.suggestionId]))[0]!.status).toBe('accepted');
    expect((await decide(doctor, { decision: 'dismiss' })).statusCode).toBe(409); // decided once
    // the 48 h summary now shows the decision
    const s = (await summary(doctor)).json() as { sentences: Sentence[] };
    expect(s.sentences.some((x) => x.section === 'suggestions' && x.sources[0]!.id === d.suggestionId && x.en.startsWith('Accepted'))).toBe(true);
  });

  it('a dismissed draft stores no letter; a non-draft suggestion cannot be decided here; foreign patient 404', async () => {
    const d = (await t.app.inject({ method: 'POST', url: `/api/assistant/staff/patients/${patientId}/referral-draft`, headers: json(doctor), payload: { referralId: ids.referral } })).json() as { suggestionId: string };
    const res = await t.app.inject({ method: 'POST', url: `/api/assistant/staff/referral-drafts/${d.suggestionId}/decision`, headers: json(doctor), payload: { decision: 'dismiss' } });
    expect(res.json()).toMatchObject({ status: 'dismissed', letter: null });
    expect(await t.db.query('SELECT 1 FROM assistant_referral_letter WHERE suggestion_id = $1', [d.suggestionId])).toHaveLength(0);
    const other = randomUUID();
    await t.db.query("INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ('rcp-news2', 'NEWS2', 'rule', '1.0.0', 'medium') ON CONFLICT (id) DO NOTHING");
    await t.db.query(`INSERT INTO suggestion (id, tool_id, tool_version, kind, patient_id, facility_id, inputs, inputs_hash, output, explanation, summary, summary_vi, severity, visibility, created_at)
      VALUES ($1, 'rcp-news2', '1.0.0', 'rule', $2, $3, '{}', 'x', '{}', '[]', 'NEWS2 3', 'NEWS2 3', 'info', 'visible', now())`, [other, patientId, hospitalId]);
    const wrong = await t.app.inject({ method: 'POST', url: `/api/assistant/staff/referral-drafts/${other}/decision`, headers: json(doctor), payload: { decision: 'dismiss' } });
    expect(wrong.statusCode).toBe(404);
    expect((await t.db.query<{ status: string }>('SELECT status FROM suggestion WHERE id = $1', [other]))[0]!.status).toBe('proposed'); // rolled back
    expect((await t.app.inject({ method: 'POST', url: `/api/assistant/staff/patients/${foreignPatientId}/referral-draft`, headers: json(doctor), payload: {} })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/assistant/staff/patients/${patientId}/referral-draft`, headers: json(admin), payload: {} })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/assistant/staff/patients/${patientId}/referral-draft`, headers: json(doctor), payload: { referralId: randomUUID() } })).statusCode).toBe(404);
  });
});
