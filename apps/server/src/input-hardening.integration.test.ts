/**
 * Bad input is a 4xx, never a 500, and writes nothing: one regression test per case reported in
 * issue 11 ("Bad input must never be a 500" and the appointment leak), on PGlite and PostgreSQL.
 * The property-based sweep over every route is fuzz.integration.test.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegToDicom } from './modules/imaging/imaging-lib.ts';
import { ingest } from './modules/monitoring/monitoring.service.ts';
import { ENGINES, openTestApp, type TestApp } from './testing/harness.ts';
import { patientDataCounts } from './testing/row-counts.ts';

const NIH_JPEG = resolve(import.meta.dirname, '../../../../shared/datasets/nih-chestxray14-sample/images/00000075_000.jpg');

const DAY = 86_400_000;

describe.each(ENGINES)('input hardening on %s', (engine) => {
  let t: TestApp;
  let doctor: string; // bs.lan, hospital
  let nurse: string; // dd.hoa, hospital
  let hospitalId: string;
  let stationId: string; // not bs.lan's
  let patient: { id: string; birthDate: string }; // hospital, born before 1990
  let foreignPatientId: string; // at a station
  let encounterId: string;
  let screeningId: string;
  let radiologist: string; // bs.minh
  let filesDir: string;

  const send = (method: 'GET' | 'POST', url: string, cookie: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { cookie, ...headers }, ...(payload !== undefined ? { payload: payload as string } : {}) });
  /** a JSON text sent as is (for lone surrogates, which JSON.stringify would escape the same way) */
  const rawJson = (url: string, cookie: string, json: string) => send('POST', url, cookie, json, { 'content-type': 'application/json' });
  const patientBody = (over: object = {}) => ({ fullName: 'Lê Thị Thử', sex: 'female', birthDate: '1990-03-04', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospitalId, ...over });

  beforeAll(async () => {
    filesDir = mkdtempSync(join(tmpdir(), 'yte-h11-'));
    t = await openTestApp(engine, { config: { filesDir } });
    doctor = await t.login('bs.lan');
    radiologist = await t.login('bs.minh');
    nurse = await t.login('dd.hoa');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE kind = 'station' ORDER BY code LIMIT 1"))[0]!.id;
    const [p] = await t.db.query<{ id: string; birth_date: string }>("SELECT id, birth_date FROM patient WHERE facility_id = $1 AND birth_date BETWEEN '1950-01-01' AND '1990-01-01' ORDER BY id LIMIT 1", [hospitalId]);
    patient = { id: p!.id, birthDate: p!.birth_date };
    foreignPatientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [stationId]))[0]!.id;
    const enc = await send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', reason: 'khám' });
    expect(enc.statusCode).toBe(201);
    encounterId = enc.json().encounter.id;
    const s = await send('POST', '/api/screenings/bmi', doctor, { patientId: patient.id, facilityId: hospitalId, weightKg: 60, heightCm: 160 });
    expect(s.statusCode, s.body).toBe(201);
    screeningId = s.json().screening.id;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  /** Runs the request and checks: the status, the code, and that no patient data was written. */
  async function refused(run: () => Promise<{ statusCode: number; json(): any; body: string }>, status: number, code: string, field?: string) {
    const before = await patientDataCounts(t.db);
    const res = await run();
    expect(res.statusCode, res.body).toBe(status);
    const b = res.json();
    expect(b.code, res.body).toBe(code);
    expect(b.message).toEqual(expect.any(String));
    expect(b.messageVi).toEqual(expect.any(String));
    if (field !== undefined) expect(b.field).toBe(field);
    expect(await patientDataCounts(t.db)).toEqual(before);
    return b;
  }

  describe('NUL and lone surrogates are a 400 INVALID_CHARACTER naming the field (were 500 on PostgreSQL)', () => {
    it('patient address', () => refused(() => send('POST', '/api/patients', doctor, patientBody({ addressLine: 'số 1\u0000' })), 400, 'INVALID_CHARACTER', 'addressLine'));
    it('appointment reason', () =>
      refused(() => send('POST', '/api/appointments', doctor, { patientId: patient.id, facilityId: hospitalId, at: new Date(Date.now() + 2 * DAY).toISOString(), reason: 'tái khám\u0000' }), 400, 'INVALID_CHARACTER', 'reason'));
    it('encounter reason', () => refused(() => send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', reason: '\u0000' }), 400, 'INVALID_CHARACTER', 'reason'));
    it('lab display', () =>
      refused(() => send('POST', `/api/encounters/${encounterId}/observations`, doctor, { labs: [{ loinc: '2345-7', value: 100, unit: 'mg/dL', display: 'Glu\u0000' }] }), 400, 'INVALID_CHARACTER', 'labs.0.display'));
    it('referral toFacility and note', async () => {
      await refused(() => send('POST', `/api/screenings/${screeningId}/referral`, doctor, { toFacility: 'BV\u0000' }), 400, 'INVALID_CHARACTER', 'toFacility');
      await refused(() => send('POST', `/api/screenings/${screeningId}/referral`, doctor, { toFacility: 'BV', note: '\u0000' }), 400, 'INVALID_CHARACTER', 'note');
    });
    it('TB screening follow-up referral', () =>
      refused(() => send('POST', '/api/screenings/tb', doctor, { patientId: patient.id, facilityId: hospitalId, symptoms: { cough: true }, followUp: { referral: { toFacility: 'BV Phổi', note: 'ho\u0000' } } }), 400, 'INVALID_CHARACTER', 'followUp.referral.note'));
    it('the search query GET /api/patients?q=a%00b', async () => {
      const b = await refused(() => send('GET', '/api/patients?q=a%00b', doctor), 400, 'INVALID_CHARACTER', 'q');
      expect(b.message).toContain('querystring.q');
    });
    it('a route parameter', () => refused(() => send('GET', '/api/patients/%00', doctor), 400, 'INVALID_CHARACTER', 'id'));
    it('a lone high or low surrogate, and a NUL in an object key', async () => {
      await refused(() => rawJson('/api/patients', doctor, JSON.stringify(patientBody()).replace('"Lê Thị Thử"', '"L\\ud800ê"')), 400, 'INVALID_CHARACTER', 'fullName');
      await refused(() => rawJson('/api/patients', doctor, JSON.stringify(patientBody()).replace('"Thái Nguyên"', '"\\udc00"')), 400, 'INVALID_CHARACTER', 'province');
      await refused(() => rawJson('/api/ingest/observations', nurse, '[{"deviceId":"X","vit\\u0000als":{}}]'), 400, 'INVALID_CHARACTER', '0.vit\u0000als');
    });
    it('a well-formed surrogate pair (an emoji) and an RTL mark are text like any other', async () => {
      const res = await send('POST', '/api/patients', doctor, patientBody({ addressLine: 'nhà 🏠 \u202Eabc' }));
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().patient.addressLine).toBe('nhà 🏠 \u202Eabc');
    });
  });

  describe('text that arrives outside JSON bodies', () => {
    it('MQTT readings (ingest without the HTTP guard): a NUL is a rejected item, not a database error', async () => {
      const out = await ingest(t.db, { kind: 'system' }, [{ deviceId: 'MON\u0000X', at: new Date().toISOString(), vitals: { pulse: 80 } }], t.app.observationPipeline);
      expect(out.results[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_CHARACTER', field: 'deviceId' } });
    });
    it('a vendor CSV with a NUL → 400 naming the line', () =>
      refused(() => send('POST', '/api/imaging/vendor-results', radiologist, 'image,finding,probability\nx.png,Mass,0.5\u0000\n', { 'content-type': 'text/csv' }), 400, 'VENDOR_ROW_INVALID', 'text'));
    it.skipIf(!existsSync(NIH_JPEG))('a DICOM file with a NUL inside a text value is stored without it (PS3.5 §6.2: NUL is padding only) (needs ../shared/datasets/nih-chestxray14-sample)', async () => {
      const dcm = await jpegToDicom(new Uint8Array(readFileSync(NIH_JPEG)), { patientId: 'NUL\u0000ID', patientName: 'Nguy\u0000ễn^An' }, { now: new Date('2026-11-01T00:00:00Z') });
      const res = await send('POST', '/api/imaging/upload?filename=a.dcm', radiologist, Buffer.from(dcm) as unknown as string, { 'content-type': 'application/dicom' });
      expect(res.statusCode, res.body).toBe(201);
      const rows = await t.db.query<{ dicom_patient_name: string; dicom_patient_id: string }>("SELECT dicom_patient_name, dicom_patient_id FROM imaging_study WHERE dicom_patient_id LIKE 'NUL%'");
      expect(rows).toEqual([{ dicom_patient_name: 'Nguyễn^An', dicom_patient_id: 'NULID' }]);
    });
  });

  describe('bodies are not type-coerced; scalars and text/plain are refused', () => {
    it('vitals.pulse "80" or true → 400 naming the type (was accepted / "1 /min")', async () => {
      const url = `/api/encounters/${encounterId}/observations`;
      const a = await refused(() => send('POST', url, doctor, { vitals: { pulse: '80' } }), 400, 'VALIDATION_FAILED', 'vitals.pulse');
      expect(a.message).toContain('must be number');
      expect(a.messageVi).toBe('Trường vitals.pulse phải là số');
      await refused(() => send('POST', url, doctor, { vitals: { pulse: true } }), 400, 'VALIDATION_FAILED', 'vitals.pulse');
      await refused(() => send('POST', url, doctor, { vitals: { onOxygen: 'false' } }), 400, 'VALIDATION_FAILED', 'vitals.onOxygen');
    });
    it('scalar and non-object JSON bodies on POST /api/ingest/observations → 400 (were 500)', async () => {
      for (const body of ['42', '"hello"', 'true', 'null', '[1]', '["a"]', '{}']) {
        await refused(() => rawJson('/api/ingest/observations', nurse, body), 400, 'VALIDATION_FAILED');
      }
    });
    it('scalar bodies on an object route → 400', async () => {
      for (const body of ['42', '"x"', 'false', '[{}]']) await refused(() => rawJson('/api/patients', doctor, body), 400, 'VALIDATION_FAILED');
    });
    it('a 300 000-deep nested body → 400, not a stack overflow', async () => {
      const deep = `${'['.repeat(300_000)}${']'.repeat(300_000)}`;
      await refused(() => rawJson('/api/patients', doctor, deep), 400, 'VALIDATION_FAILED');
      await refused(() => rawJson('/api/ingest/observations', nurse, deep), 400, 'VALIDATION_FAILED');
    });
    it('JSON sent as text/plain → 415 UNSUPPORTED_MEDIA_TYPE (was 500 on ingest)', async () => {
      // The app's own client (x-requested-with passes the CSRF check) gets the media-type answer…
      const xhr = { 'content-type': 'text/plain', 'x-requested-with': 'XMLHttpRequest' };
      await refused(() => send('POST', '/api/ingest/observations', nurse, '[{"deviceId":"X"}]', xhr), 415, 'UNSUPPORTED_MEDIA_TYPE');
      await refused(() => send('POST', '/api/patients', doctor, JSON.stringify(patientBody()), xhr), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // …and a plain form-like text/plain post on the cookie is a cross-site request, refused first.
      await refused(() => send('POST', '/api/patients', doctor, JSON.stringify(patientBody()), { 'content-type': 'text/plain' }), 403, 'CSRF_REJECTED');
    });
    it('ingest items: "61" is a wrong type, not an impossible 61', async () => {
      const reg = await send('POST', '/api/devices', nurse, { deviceId: 'MON-H11-01', facilityId: hospitalId, bed: '11', patientId: patient.id });
      expect(reg.statusCode, reg.body).toBe(200);
      const res = await send('POST', '/api/ingest/observations', nurse, [
        { deviceId: 'MON-H11-01', at: new Date().toISOString(), vitals: { pulse: '61' } },
        { deviceId: 'MON-H11-01', at: new Date().toISOString(), vitals: { pulse: 61, extra: 1 } },
        { deviceId: 'MON-H11-01', at: '1900-01-01T00:00:00Z', vitals: { pulse: 61 } },
      ]);
      expect(res.statusCode).toBe(200);
      const r = res.json().results;
      expect(r[0].error).toMatchObject({ code: 'INVALID_TYPE', field: 'vitals.pulse', message: 'vitals.pulse must be a number (got string)' });
      expect(r[1].error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'vitals.extra' });
      expect(r[2].error).toMatchObject({ code: 'BEFORE_BIRTH', field: 'at' });
      expect(res.json().stored).toBe(0);
    });
    it('querystring and params keep their string → number coercion', async () => {
      const res = await send('GET', `/api/patients/${patient.id}/observations?limit=5`, doctor);
      expect(res.statusCode, res.body).toBe(200);
    });
  });

  describe('plausibility', () => {
    it('an encounter dated 1900 for a patient born before 1990 → 400 BEFORE_BIRTH with the limit (was 201)', async () => {
      const b = await refused(() => send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', startedAt: '1900-01-01T00:00:00Z' }), 400, 'BEFORE_BIRTH', 'startedAt');
      expect(b.message).toContain(`birth date ${patient.birthDate}`);
      expect(b.messageVi).toContain('trước ngày sinh');
    });
    it('observations, screenings and triage before birth → 400 BEFORE_BIRTH', async () => {
      await refused(() => send('POST', `/api/encounters/${encounterId}/observations`, doctor, { effectiveAt: '1901-01-01T00:00:00Z', vitals: { pulse: 80 } }), 400, 'BEFORE_BIRTH', 'effectiveAt');
      await refused(() => send('POST', '/api/screenings/bmi', doctor, { patientId: patient.id, facilityId: hospitalId, weightKg: 60, heightCm: 160, performedAt: '1902-01-01T00:00:00Z' }), 400, 'BEFORE_BIRTH', 'performedAt');
      await refused(() => send('POST', '/api/triage', doctor, { patientId: patient.id, facilityId: hospitalId, arrivedAt: '1903-01-01T00:00:00Z' }), 400, 'BEFORE_BIRTH', 'arrivedAt');
    });
    it('a date in the future beyond 5 min of clock skew → 400 FUTURE_INSTANT with the latest allowed instant', async () => {
      const b = await refused(() => send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', startedAt: new Date(Date.now() + 10 * 60_000).toISOString() }), 400, 'FUTURE_INSTANT', 'startedAt');
      expect(b.message).toMatch(/latest allowed is \d{4}-\d\d-\d\dT/);
      expect(b.details.limit).toEqual(expect.any(String));
      const ok = await send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', startedAt: new Date(Date.now() + 2 * 60_000).toISOString() });
      expect(ok.statusCode, ok.body).toBe(201);
    });
    it('a glucose of 1e300 → 400 IMPOSSIBLE_VALUE with the limit (was 201)', async () => {
      const b = await refused(() => send('POST', `/api/encounters/${encounterId}/observations`, doctor, { labs: [{ loinc: '2345-7', value: 1e300, unit: 'mg/dL' }] }), 400, 'IMPOSSIBLE_VALUE', 'labs[0].value');
      expect(b.message).toContain('allowed 0–2700 mg/dL');
      expect(b.messageVi).toContain('cho phép 0–2700 mg/dL');
      expect(b.details).toMatchObject({ min: 0, max: 2700, unit: 'mg/dL' });
      await refused(() => send('POST', `/api/patients/${patient.id}/encounters`, doctor, { facilityId: hospitalId, type: 'outpatient', labs: [{ loinc: '2823-3', value: 40, unit: 'mmol/L' }] }), 400, 'IMPOSSIBLE_VALUE', 'labs[0].value');
    });
    it('an extreme but real lab value is stored', async () => {
      const res = await send('POST', `/api/encounters/${encounterId}/observations`, doctor, { labs: [{ loinc: '2345-7', value: 1200, unit: 'mg/dL' }] });
      expect(res.statusCode, res.body).toBe(201);
    });
  });

  describe('no leak through "not found"', () => {
    it('POST /api/appointments answers a foreign facility exactly like a foreign patient', async () => {
      const at = new Date(Date.now() + 3 * DAY).toISOString();
      const foreignFacility = await send('POST', '/api/appointments', doctor, { patientId: patient.id, facilityId: stationId, at });
      const foreignPatient = await send('POST', '/api/appointments', doctor, { patientId: foreignPatientId, facilityId: hospitalId, at });
      expect(foreignFacility.statusCode).toBe(404);
      expect(foreignFacility.body).toBe(foreignPatient.body);
    });
    it('so do encounters, triage, screenings and device assignment', async () => {
      const pairs: Array<[string, (facilityId: string, patientId: string) => object]> = [
        [`/api/patients/${patient.id}/encounters`, (facilityId) => ({ facilityId, type: 'outpatient' })],
        ['/api/triage', (facilityId, patientId) => ({ facilityId, patientId })],
        ['/api/screenings/bmi', (facilityId, patientId) => ({ facilityId, patientId, weightKg: 60, heightCm: 160 })],
        ['/api/devices', (facilityId, patientId) => ({ deviceId: 'MON-H11-02', facilityId, patientId })],
      ];
      for (const [url, body] of pairs) {
        const ff = await send('POST', url, url === '/api/devices' ? nurse : doctor, body(stationId, patient.id));
        const fp = await send('POST', url.replace(patient.id, foreignPatientId), url === '/api/devices' ? nurse : doctor, body(hospitalId, foreignPatientId));
        expect(ff.statusCode, url).toBe(404);
        expect(ff.body, url).toBe(fp.body);
      }
    });
  });
});
