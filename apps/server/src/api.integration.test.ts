/**
 * The HTTP API on a real database, run once on PGlite and once on the local PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from './modules/audit/audit.repo.ts';
import { ENGINES, openTestApp, type TestApp } from './testing/harness.ts';

describe.each(ENGINES)('API on %s', (engine) => {
  let t: TestApp;
  let doctor: string; // bs.lan: hospital
  let station: string; // yt.tuan: three stations
  let governance: string;
  let hospitalId: string;
  let stationPatientId: string;
  let hospitalPatient: { id: string; fullName: string };

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    station = await t.login('yt.tuan');
    governance = await t.login('qt.mai');
    const [h] = await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'");
    hospitalId = h!.id;
    const [sp] = await t.db.query<{ id: string }>("SELECT p.id FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.kind = 'station' LIMIT 1");
    stationPatientId = sp!.id;
    const [hp] = await t.db.query<{ id: string; full_name: string }>("SELECT id, full_name FROM patient WHERE facility_id = $1 AND full_name LIKE 'Nguyễn Văn %' ORDER BY id LIMIT 1", [hospitalId]);
    hospitalPatient = { id: hp!.id, fullName: hp!.full_name };
  });
  afterAll(() => t?.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const post = (url: string, payload: unknown, cookie?: string) =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: cookie ? { cookie } : {} });

  it('answers /health with the engine', async () => {
    const res = await get('/health');
    expect(res.json()).toEqual({ status: 'ok', db: engine, version: expect.any(String) });
  });

  it('serves the OpenAPI document with every API route', async () => {
    const doc = (await get('/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/api/auth/login', '/api/patients', '/api/patients/{id}', '/api/patients/{id}/encounters', '/fhir/R4/Patient/{id}']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  describe('authentication', () => {
    it('sets an httpOnly SameSite cookie on login', async () => {
      const res = await post('/api/auth/login', { username: 'bs.lan', password: 'yte-demo' });
      expect(res.statusCode).toBe(200);
      const c = res.cookies.find((x) => x.name === 'yte_session')!;
      expect(c.httpOnly).toBe(true);
      expect(c.sameSite).toBe('Lax');
      expect(res.json().roles).toEqual(['doctor']);
    });
    it('refuses a wrong password with 401 and a bilingual message', async () => {
      const res = await post('/api/auth/login', { username: 'bs.lan', password: 'wrong' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'INVALID_CREDENTIALS', messageVi: expect.stringContaining('mật khẩu') });
    });
    it('answers 401 without a session', async () => {
      expect((await get('/api/patients')).statusCode).toBe(401);
      expect((await get('/api/patients')).json().code).toBe('UNAUTHENTICATED');
    });
    it('answers 403 to a role without access to patient records', async () => {
      const res = await get('/api/patients', governance);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    });
    it('logs out', async () => {
      const cookie = await t.login('dd.hoa');
      expect((await post('/api/auth/logout', {}, cookie)).statusCode).toBe(204);
      expect((await get('/api/auth/me', cookie)).statusCode).toBe(401);
    });
  });

  describe('patient search', () => {
    it('finds a Vietnamese name typed without diacritics', async () => {
      const folded = hospitalPatient.fullName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
      const res = await get(`/api/patients?q=${encodeURIComponent(folded)}`, doctor);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((p: { id: string }) => p.id)).toContain(hospitalPatient.id);
    });
    it('finds "Nguyễn Văn An" from "nguyen van an" and from the typo "Nguyen Van Ann"', async () => {
      const created = await post('/api/patients', { fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '1980-03-04', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospitalId }, doctor);
      expect(created.statusCode).toBe(201);
      const id = created.json().patient.id;
      for (const q of ['nguyen van an', 'Nguyen Van Ann', 'Nguyễn Văn An']) {
        const items = (await get(`/api/patients?q=${encodeURIComponent(q)}`, doctor)).json().items as { id: string }[];
        expect(items.slice(0, 5).map((p) => p.id), q).toContain(id);
      }
    });
    it('never returns another facility\'s patients', async () => {
      const items = (await get('/api/patients?limit=100', station)).json().items as { facilityId: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((p) => p.facilityId !== hospitalId)).toBe(true);
    });
  });

  describe('facility scoping', () => {
    it('answers 404 for another facility\'s patient, the same as for a missing one', async () => {
      const other = await get(`/api/patients/${stationPatientId}`, doctor);
      const missing = await get('/api/patients/01900000-0000-7000-8000-000000000000', doctor);
      expect(other.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(other.json()).toEqual(missing.json());
      expect((await get(`/fhir/R4/Patient/${stationPatientId}`, doctor)).statusCode).toBe(404);
      expect((await get(`/api/patients/${stationPatientId}/observations`, doctor)).statusCode).toBe(404);
    });
    it('refuses to write vitals for another facility\'s patient (404) and writes nothing', async () => {
      const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounter');
      const res = await post(`/api/patients/${stationPatientId}/encounters`, { facilityId: hospitalId, type: 'outpatient', vitals: { pulse: 80 } }, doctor);
      expect(res.statusCode).toBe(404);
      expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounter'))[0]!.n).toBe(before[0]!.n);
    });
  });

  describe('bad input', () => {
    it('malformed JSON → 400 MALFORMED_JSON', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: { cookie: doctor, 'content-type': 'application/json' }, payload: '{"fullName": ' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('MALFORMED_JSON');
    });
    it('wrong type → 400 naming the field', async () => {
      const res = await post(`/api/patients/${hospitalPatient.id}/encounters`, { facilityId: hospitalId, type: 'outpatient', vitals: { pulse: 'fast' } }, doctor);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'vitals.pulse' });
    });
    it('unknown field → 400 UNKNOWN_FIELD', async () => {
      const res = await post('/api/patients', { fullName: 'Lê Văn B', sex: 'male', birthDate: '1990-01-01', province: 'X', commune: 'Y', facilityId: hospitalId, religion: 'x' }, doctor);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'religion' });
    });
    it('oversized body → 400 BODY_TOO_LARGE', async () => {
      const res = await post('/api/patients', { fullName: 'x'.repeat(2_000_000) }, doctor);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('BODY_TOO_LARGE');
    });
    it.each([
      ['pulse', 900],
      ['spo2', 130],
      ['temperatureC', 60],
    ])('impossible %s %s → 400 IMPOSSIBLE_VALUE naming the field, nothing written', async (field, value) => {
      const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM observation'))[0]!.n;
      const res = await post(`/api/patients/${hospitalPatient.id}/encounters`, { facilityId: hospitalId, type: 'outpatient', vitals: { respRate: 18, [field]: value } }, doctor);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'IMPOSSIBLE_VALUE', field: `vitals.${field}` });
      expect(res.json().message).toContain(String(value));
      expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM observation'))[0]!.n).toBe(before);
    });
    it('a bad lab in the same visit writes neither the encounter nor the vitals', async () => {
      const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounter'))[0]!.n;
      const res = await post(`/api/patients/${hospitalPatient.id}/encounters`, { facilityId: hospitalId, type: 'outpatient', vitals: { pulse: 80 }, labs: [{ loinc: 'creatinine', value: 90, unit: 'umol/L' }] }, doctor);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_LOINC', field: 'labs[0].loinc' });
      expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM encounter'))[0]!.n).toBe(before);
    });
    it('invalid CCCD and BHYT are refused with the field named', async () => {
      const base = { fullName: 'Lê Thị Cúc', sex: 'female', birthDate: '1990-01-01', province: 'Thái Nguyên', commune: 'Xã Tân Cương', facilityId: hospitalId };
      expect((await post('/api/patients', { ...base, cccd: '12345' }, doctor)).json()).toMatchObject({ code: 'INVALID_CCCD', field: 'cccd' });
      expect((await post('/api/patients', { ...base, cccd: '019090123456' }, doctor)).json()).toMatchObject({ code: 'CCCD_MISMATCH', field: 'cccd' });
      expect((await post('/api/patients', { ...base, bhyt: 'XX123' }, doctor)).json()).toMatchObject({ code: 'INVALID_BHYT', field: 'bhyt' });
    });
  });

  describe('patients, visits and observations', () => {
    it('warns on a duplicate CCCD but registers the patient', async () => {
      const base = { sex: 'female', birthDate: '1991-07-08', province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospitalId, cccd: '019191000777' };
      const first = await post('/api/patients', { ...base, fullName: 'Trần Thị Bích' }, doctor);
      expect(first.json().warnings).toEqual([]);
      const second = await post('/api/patients', { ...base, fullName: 'Trần Thị Bích Ngọc' }, doctor);
      expect(second.statusCode).toBe(201);
      expect(second.json().warnings).toEqual([expect.objectContaining({ code: 'DUPLICATE_CCCD', patientId: first.json().patient.id })]);
    });
    it('stores a visit with vitals and labs as UTC instants with LOINC/UCUM', async () => {
      const res = await post(`/api/patients/${hospitalPatient.id}/encounters`, {
        facilityId: hospitalId, type: 'outpatient', startedAt: '2026-10-31T15:30:00+07:00',
        vitals: { respRate: 22, spo2: 94, onOxygen: false, systolicBP: 102, diastolicBP: 70, pulse: 112, temperatureC: 38.4, consciousness: 'A' },
        labs: [{ loinc: '14682-9', value: 150, unit: 'umol/L', refLow: 62, refHigh: 106, display: 'Creatinine' }],
      }, doctor);
      expect(res.statusCode).toBe(201);
      const obs = res.json().observations as Array<{ code: string; unit: string; effectiveAt: string; value: number | string }>;
      expect(obs).toHaveLength(9);
      expect(obs.find((o) => o.code === '8867-4')).toMatchObject({ value: 112, unit: '/min', effectiveAt: '2026-10-31T08:30:00.000Z' });
      const listed = (await get(`/api/patients/${hospitalPatient.id}/observations?code=14682-9`, doctor)).json();
      expect(listed.at(-1)).toMatchObject({ value: 150, unit: 'umol/L', refHigh: 106 });
    });
  });

  describe('audit', () => {
    it('records reads, writes and denials in an intact chain', async () => {
      await get(`/api/patients/${hospitalPatient.id}`, doctor);
      await get(`/api/patients/${stationPatientId}`, doctor);
      const rows = await t.db.query<{ action: string; outcome: string; patient_id: string | null; resource_id: string | null }>(
        'SELECT action, outcome, patient_id, resource_id FROM audit_log ORDER BY seq DESC LIMIT 2',
      );
      expect(rows[0]).toMatchObject({ action: 'read', outcome: 'not_found', resource_id: stationPatientId, patient_id: null });
      expect(rows[1]).toMatchObject({ action: 'read', outcome: 'success', patient_id: hospitalPatient.id });
      const v = await verifyAuditChain(t.db);
      expect(v.firstBreak).toBeNull();
      expect(v.checked).toBeGreaterThan(10);
    });
    it('refuses UPDATE and DELETE on the log', async () => {
      await expect(t.db.query("UPDATE audit_log SET action = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
      await expect(t.db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    });
    it('detects tampering done around the trigger and names the first broken entry', async () => {
      await t.raw.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await t.raw.query(`UPDATE audit_log SET details = '{"tampered": true}' WHERE seq = 3`);
      await t.raw.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
      const v = await verifyAuditChain(t.db);
      expect(v.firstBreak).toEqual({ seq: 3, reason: 'hash_mismatch' });
    });
  });
});
