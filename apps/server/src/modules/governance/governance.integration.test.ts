/**
 * Governance API on a real database (PGlite and PostgreSQL): permissions, lifecycle rules, kill
 * switch, incidents and their timers, the CheXNet replay (AUROCs against reference-aucs.csv, the
 * published reference computed from the same file), and the impact report PDF.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR, ENGINES, openTestApp, testConfig, type TestApp } from '../../testing/harness.ts';
import { recordSuggestion } from '../suggestions/suggestions.service.ts';
import { CHEXNET_TOOL_ID, FINDINGS, replayChexnet } from './chexnet-replay.ts';
import { SERIOUS_INCIDENT_DEADLINE_HOURS, transitionAllowed } from './governance.service.ts';

const sharedDir = testConfig().sharedDir;
const REFERENCE = readFileSync(resolve(sharedDir, 'datasets/chexnet-predictions/reference-aucs.csv'), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(',')).map(([label, auc, pos, neg]) => ({ label: label!, auc: Number(auc), positives: Number(pos), negatives: Number(neg) }));

const card = {
  basicInfo: { developer: 'Test' }, releaseInfo: { version: '1.0' }, summary: 'A test tool', usesAndDirections: { intendedUse: 'test' },
  outOfScope: ['children'], warnings: ['none'], trustIngredients: { data: 'synthetic' },
  keyMetrics: { usefulnessEfficacy: [], fairnessEquity: [], safetyReliability: [] },
};
const toolBody = (id: string, riskTier = 'high', extra: object = {}) => ({
  id, name: `Tool ${id}`, kind: 'model', version: '1.0', riskTier, riskRationale: 'triage decisions', licence: 'Apache-2.0', modelCard: card,
  portalNotification: { date: '2026-10-01', referenceNumber: 'AI-VN-0001', status: 'submitted' }, ...extra,
});

describe('transition rule', () => {
  it.each([
    ['sandbox', 'shadow', null, true], ['shadow', 'pilot', null, true], ['pilot', 'general', null, true], ['sandbox', 'general', null, false],
    ['general', 'suspended', null, true], ['suspended', 'pilot', 'pilot', true], ['suspended', 'general', 'pilot', false], ['suspended', 'retired', 'pilot', true], ['shadow', 'sandbox', null, false],
  ] as const)('%s → %s (previous %s): %s', (from, to, prev, ok) => expect(transitionAllowed(from, to, prev)).toBe(ok));
});

describe.each(ENGINES)('governance on %s', (engine) => {
  let t: TestApp;
  let doctor: string;
  let officer: string;
  let hospitalId: string;
  let patientId: string;

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    officer = await t.login('qt.mai');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    patientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [hospitalId]))[0]!.id;
  }, 60_000);
  afterAll(() => t?.close());

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, payload: object, cookie: string) => t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
  const stage = (id: string, body: object, cookie = officer) => post(`/api/governance/tools/${id}/stage`, body, cookie);

  it('registers a tool with its model card, licence, risk tier and portal record', async () => {
    const res = await post('/api/governance/tools', toolBody('test-sepsis'), officer);
    expect(res.statusCode).toBe(201);
    const tool = res.json();
    expect(tool).toMatchObject({ id: 'test-sepsis', riskTier: 'high', stage: 'sandbox', licence: 'Apache-2.0', portalNotification: { referenceNumber: 'AI-VN-0001' } });
    expect(tool.modelCard.keyMetrics).toEqual({ usefulnessEfficacy: [], fairnessEquity: [], safetyReliability: [] });
    expect(tool.versions).toHaveLength(1);
    expect((await get('/api/governance/tools', doctor)).json().map((x: { id: string }) => x.id)).toContain('test-sepsis');
  });

  it('answers 400 for a missing model card section and 409 for a duplicate', async () => {
    const { warnings: _w, ...partial } = card;
    const bad = await post('/api/governance/tools', { ...toolBody('test-bad'), modelCard: partial }, officer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('modelCard');
    expect((await post('/api/governance/tools', toolBody('test-sepsis'), officer)).statusCode).toBe(409);
    expect((await post('/api/governance/tools', { ...toolBody('test-x'), riskRationale: ' ' }, officer)).json().code).toBe('RISK_RATIONALE_REQUIRED');
  });

  it('lets only a governance officer change a stage (403 for a doctor)', async () => {
    const res = await stage('test-sepsis', { stage: 'shadow', reason: 'start shadow' }, doctor);
    expect(res.statusCode).toBe(403);
    expect((await post('/api/governance/tools', toolBody('test-doc'), doctor)).statusCode).toBe(403);
    expect((await post('/api/governance/tools/test-sepsis/suspend', { reason: 'x' }, doctor)).statusCode).toBe(403);
  });

  it('requires a reason and an allowed transition', async () => {
    expect((await stage('test-sepsis', { stage: 'shadow', reason: '  ' })).json().code).toBe('REASON_REQUIRED');
    expect((await stage('test-sepsis', { stage: 'general', reason: 'skip ahead' })).statusCode).toBe(409);
    expect((await stage('test-sepsis', { stage: 'shadow', reason: 'validation done' })).statusCode).toBe(200);
  });

  it('keeps a high-risk tool in shadow until a performance report is attached', async () => {
    const res = await stage('test-sepsis', { stage: 'pilot', reason: 'looks good' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PERFORMANCE_REPORT_REQUIRED');
    const ok = await stage('test-sepsis', { stage: 'pilot', facilityId: hospitalId, reason: 'pilot at the hospital', performanceReportId: 'RPT-2026-11' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ from: 'shadow', stage: 'pilot' });
    // a low-risk tool needs no report
    await post('/api/governance/tools', toolBody('test-low', 'low'), officer);
    await stage('test-low', { stage: 'shadow', reason: 'start' });
    expect((await stage('test-low', { stage: 'pilot', reason: 'go' })).statusCode).toBe(200);
  });

  it('restarts a new version at sandbox unless a change plan covers it', async () => {
    const v = await post('/api/governance/tools/test-sepsis/versions', { version: '2.0', notes: 'retrained' }, officer);
    expect(v.statusCode).toBe(201);
    expect(v.json().coveredByChangePlan).toBe(false);
    const tool = (await get('/api/governance/tools/test-sepsis', officer)).json();
    expect(tool.currentVersion).toBe('2.0');
    expect(tool.stage).toBe('sandbox');
    expect(tool.facilityStages.every((s: { stage: string }) => s.stage === 'sandbox')).toBe(true);
    // covered by a predetermined change plan: the stage stays
    await post('/api/governance/tools', toolBody('test-pccp', 'medium', { changePlan: { coversVersions: ['1.1'], description: 'threshold recalibration' } }), officer);
    await stage('test-pccp', { stage: 'shadow', reason: 'start' });
    const c = await post('/api/governance/tools/test-pccp/versions', { version: '1.1', notes: 'recalibrated' }, officer);
    expect(c.json().coveredByChangePlan).toBe(true);
    expect((await get('/api/governance/tools/test-pccp', officer)).json().stage).toBe('shadow');
    const history = (await get('/api/governance/tools/test-sepsis', officer)).json().stageHistory;
    expect(history.map((h: { toStage: string }) => h.toStage)).toEqual(['sandbox', 'shadow', 'pilot', 'sandbox', 'sandbox']); // global shadow and the hospital's pilot both restart
  });

  it('kill switch hides a tool\'s output from clinicians and shows a banner to every user', async () => {
    await post('/api/governance/tools', toolBody('test-kill', 'low'), officer);
    await stage('test-kill', { stage: 'shadow', reason: 'a' });
    await stage('test-kill', { stage: 'pilot', reason: 'b' });
    await stage('test-kill', { stage: 'general', reason: 'c' });
    const s = await recordSuggestion(t.db, {
      toolId: 'test-kill', toolVersion: '1.0', kind: 'model', patientId, encounterId: null, facilityId: hospitalId, inputs: { a: 1 }, output: { p: 0.9 },
      explanation: {}, summary: 'kill test', summaryVi: 'kill test', severity: 'warning', score: 0.9,
    }, ANCHOR);
    expect(s?.visibility).toBe('visible');
    const seen = () => get(`/api/patients/${patientId}/suggestions`, doctor).then((r) => r.json().map((x: { id: string }) => x.id));
    expect(await seen()).toContain(s!.id);
    const res = await post('/api/governance/tools/test-kill/suspend', { reason: 'wrong doses reported' }, officer);
    expect(res.statusCode).toBe(200);
    expect(await seen()).not.toContain(s!.id);
    const banners = (await get('/api/governance/banners', doctor)).json();
    expect(banners).toContainEqual(expect.objectContaining({ toolId: 'test-kill', reason: 'wrong doses reported', messageVi: expect.stringContaining('tạm dừng') }));
    // back to the previous stage only
    expect((await stage('test-kill', { stage: 'pilot', reason: 'fixed' })).statusCode).toBe(409);
    expect((await stage('test-kill', { stage: 'general', reason: 'fixed' })).statusCode).toBe(200);
    expect((await get('/api/governance/banners', doctor)).json().map((b: { toolId: string }) => b.toolId)).not.toContain('test-kill');
  });

  it('never gives clinicians shadow output', async () => {
    const s = await recordSuggestion(t.db, {
      toolId: 'test-pccp', toolVersion: '1.1', kind: 'model', patientId, encounterId: null, facilityId: hospitalId, inputs: { a: 2 }, output: { p: 0.7 },
      explanation: {}, summary: 'shadow test', summaryVi: 'shadow test', severity: 'warning', score: 0.7,
    }, ANCHOR);
    expect(s?.visibility).toBe('shadow');
    const ids = (await get(`/api/patients/${patientId}/suggestions`, doctor)).json().map((x: { id: string }) => x.id);
    expect(ids).not.toContain(s!.id);
    expect((await post(`/api/suggestions/${s!.id}/decision`, { decision: 'accept' }, doctor)).statusCode).toBe(404);
  });

  it('incidents: anyone reports; serious ones get a deadline, can suspend, show overdue and export', async () => {
    const minor = await post('/api/governance/incidents', { toolId: 'test-low', description: 'odd output', harm: 'minor' }, doctor);
    expect(minor.statusCode).toBe(201);
    expect(minor.json()).toMatchObject({ serious: false, notifyDeadline: null, overdue: false });
    const before = Date.now();
    const severe = await post('/api/governance/incidents', { toolId: 'test-low', patientId, description: 'missed deterioration', harm: 'severe', suspendTool: true }, doctor);
    expect(severe.statusCode).toBe(201);
    const inc = severe.json();
    expect(inc.serious).toBe(true);
    const deadline = Date.parse(inc.notifyDeadline) - Date.parse(inc.reportedAt);
    expect(deadline).toBe(SERIOUS_INCIDENT_DEADLINE_HOURS * 3600_000);
    expect(Date.parse(inc.reportedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(inc.suspendedTool).toBe(true);
    expect((await get('/api/governance/tools/test-low', officer)).json().stage).toBe('suspended');
    expect((await post('/api/governance/incidents', { toolId: 'test-low', description: 'x', harm: 'minor', suspendTool: true }, doctor)).statusCode).toBe(400);
    // make it overdue
    await t.db.query("UPDATE incident SET notify_deadline = now() - interval '1 hour' WHERE id = $1", [inc.id]);
    expect((await get('/api/governance/incidents', doctor)).statusCode).toBe(403);
    const list = (await get('/api/governance/incidents', officer)).json();
    expect(list.find((i: { id: string }) => i.id === inc.id).overdue).toBe(true);
    const csv = await get('/api/governance/incidents/export?format=csv', officer);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe('id,toolId,toolName,toolVersion,facilityId,harm,serious,occurredAt,reportedAt,notifyDeadline,notifiedAt,overdue,suspendedTool,description');
    expect(csv.body).toContain('missed deterioration');
    expect(csv.body).not.toContain(patientId);
    const json = (await get('/api/governance/incidents/export?format=json', officer)).json();
    expect(json.incidents.some((i: { id: string; overdue: boolean }) => i.id === inc.id && i.overdue)).toBe(true);
    const notified = await post(`/api/governance/incidents/${inc.id}/notified`, {}, officer);
    expect(notified.json()).toMatchObject({ overdue: false });
  });

  describe('CheXNet replay (real vendor outputs, shadow)', () => {
    beforeAll(async () => {
      // The full file on PostgreSQL; PGlite (WebAssembly) replays the first 3,000 rows to keep the suite quick.
      const r = await replayChexnet(t.db, { sharedDir, anchor: ANCHOR, ...(engine === 'pglite' ? { limit: 3000 } : {}) });
      expect(r.suggestions).toBe(engine === 'pglite' ? 3000 : 22_433);
    }, 120_000);

    it('stores every output as shadow: clinicians see none of them', async () => {
      const [c] = await t.db.query<{ n: number; shadow: number }>("SELECT count(*)::int AS n, count(*) FILTER (WHERE visibility = 'shadow')::int AS shadow FROM suggestion WHERE tool_id = $1", [CHEXNET_TOOL_ID]);
      const n = engine === 'pglite' ? 3000 : 22_433;
      expect(c).toEqual({ n, shadow: n });
      const [p] = await t.db.query<{ patient_id: string }>("SELECT patient_id FROM suggestion WHERE tool_id = $1 AND facility_id = $2 LIMIT 1", [CHEXNET_TOOL_ID, hospitalId]);
      const seen = (await get(`/api/patients/${p!.patient_id}/suggestions`, doctor)).json();
      expect(seen.filter((s: { toolId: string }) => s.toolId === CHEXNET_TOOL_ID)).toEqual([]);
    });

    it('is idempotent', async () => {
      expect((await replayChexnet(t.db, { sharedDir, anchor: ANCHOR })).skipped).toBe(true);
    });

    it.runIf(engine === 'postgres')('computes per-finding AUROCs matching reference-aucs.csv to 3 decimals', async () => {
      expect(REFERENCE.map((r) => r.label)).toEqual([...FINDINGS]);
      for (const ref of REFERENCE) {
        const res = await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=${ref.label}`, officer);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.report.positives).toBe(ref.positives);
        expect(body.report.negatives).toBe(ref.negatives);
        expect(body.report.auroc.estimate.toFixed(3)).toBe(ref.auc.toFixed(3));
        expect(body.report.auroc.lower).toBeLessThan(ref.auc);
        expect(body.report.auroc.upper).toBeGreaterThan(ref.auc);
      }
    }, 60_000);

    it('returns ROC, calibration, fairness by sex/age/facility type/province, drift and alerts', async () => {
      const body = (await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=Effusion`, officer)).json();
      expect(body.report.roc.points.length).toBeGreaterThan(10);
      expect(body.report.calibration.bins).toHaveLength(10);
      expect(body.report.fairness.map((f: { column: string }) => f.column)).toEqual(['sex', 'ageBand', 'facilityType', 'province']);
      expect(body.report.drift.score.nBaseline).toBe(engine === 'pglite' ? 300 : 2244);
      expect(Array.isArray(body.alerts)).toBe(true);
      expect((await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=Effusion`, doctor)).statusCode).toBe(403);
      // unchanged data: served from the cache; a new clinician decision or outcome invalidates it
      expect((await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=Effusion`, officer)).json().cached).toBe(true);
      await t.db.query("UPDATE outcome SET recorded_at = recorded_at + interval '1 second' WHERE id = (SELECT id FROM outcome ORDER BY recorded_at DESC LIMIT 1)");
      expect((await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=Effusion`, officer)).json().cached).toBe(false);
    });

    it('builds the impact report PDF in Vietnamese', async () => {
      const res = await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/report.pdf?lang=vi&label=Effusion`, officer);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const buf = res.rawPayload;
      expect(buf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(buf.toString('latin1'))?.[1])).toBeGreaterThanOrEqual(2);
      if (process.env.YTE_PDF_OUT) (await import('node:fs')).writeFileSync(process.env.YTE_PDF_OUT, buf);
    }, 30_000);
  });
});
