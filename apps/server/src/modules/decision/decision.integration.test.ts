import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { onObservationsSaved } from './runner.ts';

interface Suggestion { id: string; toolId: string; toolVersion: string; summary: string; summaryVi: string; severity: string; score: number | null; status: string; output: Record<string, unknown>; inputs: Record<string, unknown>; explanation: unknown[] }

const DAY = 86_400_000;

describe.each(ENGINES)('decision rules on %s', (engine) => {
  let t: TestApp;
  let doctor: string;
  let station: string;
  let hospitalId: string;
  const ids: Record<string, string> = {};

  const newPatient = async (fullName: string, sex: 'male' | 'female', birthDate: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/patients', headers: { cookie: doctor }, payload: { fullName, sex, birthDate, province: 'Thái Nguyên', commune: 'Phường Phan Đình Phùng', facilityId: hospitalId } });
    expect(res.statusCode).toBe(201);
    return (res.json() as { patient: { id: string } }).patient.id;
  };
  const visit = (patientId: string, body: object, cookie = doctor) =>
    t.app.inject({ method: 'POST', url: `/api/patients/${patientId}/encounters`, headers: { cookie }, payload: { facilityId: hospitalId, type: 'outpatient', ...body } });
  const suggestions = async (patientId: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/suggestions`, headers: { cookie: doctor } })).json() as Suggestion[];

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    station = await t.login('yt.tuan');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    ids.adult = await newPatient('Trần Văn Bình', 'male', '1960-03-04');
    ids.child = await newPatient('Lê Thị Mai', 'female', '2020-05-01');
    ids.kidney = await newPatient('Phạm Văn Thận', 'male', '1955-01-01');
  });
  afterAll(() => t?.close());

  it('registers every rule in the tool registry with a global general stage', async () => {
    const tools = await t.db.query<{ id: string; kind: string; risk_tier: string; risk_rationale: string; stage: string }>(
      `SELECT t.id, t.kind, t.risk_tier, t.risk_rationale, s.stage FROM ai_tool t JOIN ai_tool_stage s ON s.tool_id = t.id AND s.facility_id IS NULL
       WHERE t.id IN ('rcp-news2', 'nhse-aki-2014', 'lab-flags', 'who-tb-screening-2021', 'who-cvd-2019-sea', 'who-growth', 'iitt-sats-triage', 'yte-adult-bmi') ORDER BY t.id`);
    expect(tools.map((x) => x.id)).toEqual(['iitt-sats-triage', 'lab-flags', 'nhse-aki-2014', 'rcp-news2', 'who-cvd-2019-sea', 'who-growth', 'who-tb-screening-2021', 'yte-adult-bmi']);
    for (const x of tools) {
      expect(x).toMatchObject({ kind: 'rule', stage: 'general' });
      expect(x.risk_rationale.length).toBeGreaterThan(20);
    }
    expect(tools.find((x) => x.id === 'iitt-sats-triage')!.risk_tier).toBe('high');
  });

  it('saving a visit\'s vitals records NEWS2 as a suggestion (RCP Chart 1 example: 6 → medium, urgent)', async () => {
    // RR 22 → 2, SpO2 95 → 1, air → 0, SBP 105 → 1, pulse 95 → 1, alert → 0, 38.5 °C → 1: total 6.
    const res = await visit(ids.adult!, { vitals: { respRate: 22, spo2: 95, onOxygen: false, systolicBP: 105, diastolicBP: 70, pulse: 95, consciousness: 'A', temperatureC: 38.5 } });
    expect(res.statusCode).toBe(201);
    const s = (await suggestions(ids.adult!)).filter((x) => x.toolId === 'rcp-news2');
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ toolVersion: '1.0.0', score: 6, severity: 'urgent', status: 'proposed', output: { band: 'medium', score: 6 } });
    expect(s[0]!.summaryVi).toMatch(/^NEWS2 6 điểm/);
    expect(s[0]!.explanation).toContainEqual(expect.objectContaining({ input: 'respRate', value: 22, points: 2 }));
  });

  it('the NEWS2 trend is computed per visit; partial vitals are listed as not scored', async () => {
    await visit(ids.adult!, { vitals: { respRate: 25, spo2: 91, onOxygen: true, systolicBP: 90, pulse: 131, consciousness: 'V', temperatureC: 39.1 } });
    await visit(ids.adult!, { vitals: { pulse: 80 } });
    const res = await t.app.inject({ method: 'GET', url: `/api/patients/${ids.adult}/news2`, headers: { cookie: doctor } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { points: Array<{ score: number | null; band: string | null; missing: string[] }>; bands: unknown[] };
    // 3 + 3 + 2 + 3 + 3 + 3 + 2 = 19 (every parameter in its worst row, oxygen 2).
    expect(body.points.map((p) => p.score)).toEqual([6, 19, null]);
    expect(body.points[1]!.band).toBe('high');
    expect(body.points[2]!.missing).toContain('respRate');
    expect(body.bands).toHaveLength(3);
  });

  it('no NEWS2 for a child (not validated under 16)', async () => {
    const res = await visit(ids.child!, { vitals: { respRate: 30, spo2: 96, onOxygen: false, systolicBP: 95, pulse: 120, consciousness: 'A', temperatureC: 37 } });
    expect(res.statusCode).toBe(201);
    expect((await suggestions(ids.child!)).filter((x) => x.toolId === 'rcp-news2')).toHaveLength(0);
  });

  it('device readings are left to the monitoring module', async () => {
    const out = await t.db.tx((q) => onObservationsSaved(q, { patientId: ids.adult!, encounterId: null, facilityId: hospitalId, rows: [], actorId: null, source: 'device', now: new Date() }));
    expect(out).toEqual([]);
  });

  it('a critical potassium is flagged (RCPath G158: ≥ 6.5 mmol/L) and a creatinine rise gives an AKI stage', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * DAY).toISOString();
    const first = await visit(ids.kidney!, { startedAt: tenDaysAgo, labs: [{ loinc: '14682-9', value: 80, unit: 'umol/L' }] });
    expect(first.statusCode).toBe(201);
    expect((await suggestions(ids.kidney!)).filter((x) => x.toolId === 'nhse-aki-2014')).toHaveLength(0);
    // 2.0 mg/dL × 88.4 = 176.8 µmol/L; RV2 (median 8–365 days before) = 80 → ratio 2.21 → stage 2.
    const second = await visit(ids.kidney!, { labs: [{ loinc: '2160-0', value: 2.0, unit: 'mg/dL' }, { loinc: '2823-3', value: 6.8, unit: 'mmol/L', refLow: 3.5, refHigh: 5.1 }] });
    expect(second.statusCode).toBe(201);
    const all = await suggestions(ids.kidney!);
    const aki = all.find((x) => x.toolId === 'nhse-aki-2014')!;
    expect(aki).toMatchObject({ score: 2, severity: 'urgent', output: { stage: 2, baseline: { kind: 'RV2', valueUmolL: 80 } } });
    const labs = all.find((x) => x.toolId === 'lab-flags')!;
    expect(labs.severity).toBe('urgent');
    expect(labs.summary).toMatch(/potassium 6.8 mmol\/L critical high/);

    const table = (await t.app.inject({ method: 'GET', url: `/api/patients/${ids.kidney}/labs/flags`, headers: { cookie: doctor } })).json() as {
      results: Array<{ code: string; analyte: string | null; flag: string | null; critical: { direction: string } | null; delta: { significant: boolean } | null }>; aki: { stage: number } | null;
    };
    const k = table.results.find((r) => r.code === '2823-3')!;
    expect(k.flag).toBe('H');
    expect(k.critical?.direction).toBe('high');
    const creat = table.results.filter((r) => r.analyte === 'creatinine' || r.code === '2160-0');
    expect(creat.at(-1)!.delta?.significant).toBe(true);
    expect(table.aki?.stage).toBe(2);
  });

  it('adult BMI is recorded when a weight is saved (Asia-Pacific cut-offs: 24.2 → overweight)', async () => {
    await visit(ids.kidney!, { vitals: { weightKg: 70, heightCm: 170 } });
    const bmi = (await suggestions(ids.kidney!)).find((x) => x.toolId === 'yte-adult-bmi')!;
    expect(bmi).toMatchObject({ score: 24.2, severity: 'warning', output: { asiaPacific: 'overweight', who: 'normal' } });
  });

  it('the clinician overrides with a reason; the decision is recorded', async () => {
    const s = (await suggestions(ids.adult!)).find((x) => x.toolId === 'rcp-news2' && x.status === 'proposed')!;
    const noReason = await t.app.inject({ method: 'POST', url: `/api/suggestions/${s.id}/decision`, headers: { cookie: doctor }, payload: { decision: 'override' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'REASON_REQUIRED', field: 'reason', messageVi: expect.any(String) });
    const ok = await t.app.inject({ method: 'POST', url: `/api/suggestions/${s.id}/decision`, headers: { cookie: doctor }, payload: { decision: 'override', reason: 'Sốt do tiêm chủng, đã hạ' } });
    expect(ok.statusCode).toBe(200);
    const row = (await t.db.query<{ status: string; reason: string }>('SELECT status, reason FROM suggestion WHERE id = $1', [s.id]))[0];
    expect(row).toEqual({ status: 'overridden', reason: 'Sốt do tiêm chủng, đã hạ' });
  });

  it('another facility\'s patient is a 404 for the chart views', async () => {
    for (const url of [`/api/patients/${ids.adult}/news2`, `/api/patients/${ids.adult}/labs/flags`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: station } });
      expect(res.statusCode).toBe(404);
    }
  });

  it('a suspended rule records nothing (kill switch respected)', async () => {
    await t.db.query("UPDATE ai_tool_stage SET stage = 'suspended' WHERE tool_id = 'yte-adult-bmi' AND facility_id IS NULL");
    const before = (await suggestions(ids.kidney!)).length;
    await visit(ids.kidney!, { vitals: { weightKg: 71 } });
    expect((await suggestions(ids.kidney!)).length).toBe(before);
    await t.db.query("UPDATE ai_tool_stage SET stage = 'general' WHERE tool_id = 'yte-adult-bmi' AND facility_id IS NULL");
  });
});
