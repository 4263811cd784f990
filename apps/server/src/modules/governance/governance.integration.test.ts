/**
 * Governance API on a real database (PGlite and PostgreSQL): permissions, lifecycle rules, kill
 * switch, incidents and their timers, the CheXNet replay (AUROCs against reference-aucs.csv, the
 * published reference computed from the same file), and the impact report PDF.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR, ENGINES, hasShared, needs, openTestApp, testConfig, type TestApp } from '../../testing/harness.ts';
import { setDecision } from '../suggestions/suggestions.repo.ts';
import { recordSuggestion } from '../suggestions/suggestions.service.ts';
import { CHEXNET_TOOL_ID, FINDINGS, parsePublishedAucs, replayChexnet } from './chexnet-replay.ts';
import { ageBand, performanceCases, SERIOUS_INCIDENT_DEADLINE_HOURS, transitionAllowed } from './governance.service.ts';

const sharedDir = testConfig().sharedDir;
const CHEXNET = 'datasets/chexnet-predictions';
const HAVE = hasShared(`${CHEXNET}/reference-aucs.csv`, `${CHEXNET}/published-aucs.csv`, `${CHEXNET}/predictions.csv`);
const REFERENCE = !HAVE ? [] : readFileSync(resolve(sharedDir, 'datasets/chexnet-predictions/reference-aucs.csv'), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(',')).map(([label, auc, pos, neg]) => ({ label: label!, auc: Number(auc), positives: Number(pos), negatives: Number(neg) }));
const PUBLISHED = new Map(!HAVE ? [] : readFileSync(resolve(sharedDir, 'datasets/chexnet-predictions/published-aucs.csv'), 'utf8')
  .trim().split('\n').slice(1).map((l) => l.split(',')).map(([label, auc]) => [label!, Number(auc)] as const));

/** Cases as sorted "score truth sex ageBand facilityType province" lines, coded groups spelled out. */
function caseLines(c: Awaited<ReturnType<typeof performanceCases>>) {
  const g = c.groups;
  const at = (col: { codes: ArrayLike<number>; values: readonly string[] }, i: number) => col.values[col.codes[i]!];
  return Array.from(c.scores, (s, i) => `${s} ${c.labels[i]} ${at(g.sex, i)} ${at(g.ageBand, i)} ${at(g.facilityType, i)} ${at(g.province, i)}`).sort();
}
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

  it('names the field of each registration problem the schema cannot see', async () => {
    const bad = async (extra: object, card: object = {}) => (await post('/api/governance/tools', { ...toolBody('test-field'), ...extra, modelCard: { ...toolBody('x').modelCard, ...card } }, officer)).json();
    expect(await bad({ name: '  ' })).toMatchObject({ code: 'NAME_REQUIRED', field: 'name' });
    expect(await bad({ version: ' ' })).toMatchObject({ code: 'VERSION_REQUIRED', field: 'version' });
    expect(await bad({ releasedAt: '2026-02-30' })).toMatchObject({ code: 'INVALID_DATE', field: 'releasedAt' });
    expect(await bad({ licence: ' ' })).toMatchObject({ code: 'LICENCE_REQUIRED', field: 'licence' });
    expect(await bad({}, { summary: ' ' })).toMatchObject({ code: 'SUMMARY_REQUIRED', field: 'modelCard.summary' });
    expect(await bad({}, { usesAndDirections: { intendedUsers: 'doctors' } })).toMatchObject({ code: 'INTENDED_USE_REQUIRED', field: 'modelCard.usesAndDirections.intendedUse' });
    expect(await bad({ portalNotification: { date: '2026-10-01', referenceNumber: '', status: 'submitted' } })).toMatchObject({ code: 'PORTAL_REFERENCE_REQUIRED', field: 'portalNotification.referenceNumber' });
    expect(await bad({ portalNotification: { date: '2026-13-01', referenceNumber: '', status: 'pending' } })).toMatchObject({ code: 'INVALID_DATE', field: 'portalNotification.date' });
    expect(await bad({ changePlan: { coversVersions: [], description: 'recalibration' } })).toMatchObject({ code: 'CHANGE_PLAN_VERSIONS_REQUIRED', field: 'changePlan.coversVersions' });
    // shapes the schema refuses come back with their field too, in both languages
    const schema = await bad({ riskTier: 'extreme' });
    expect(schema).toMatchObject({ code: 'VALIDATION_FAILED', field: 'riskTier', messageVi: expect.stringContaining('riskTier') });
    expect((await get('/api/governance/tools/test-field', officer)).statusCode).toBe(404); // nothing half-written
    // a pending notification needs no reference number yet
    const ok = await post('/api/governance/tools', { ...toolBody('test-pending'), portalNotification: { date: '2026-11-02', referenceNumber: '', status: 'pending' } }, officer);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ stage: 'sandbox', portalNotification: { status: 'pending' }, versions: [{ version: '1.0', notes: 'registered' }] });
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

  it('checks a new version\'s number, date and notes, and refuses it to a doctor', async () => {
    const add = (body: object, cookie = officer) => post('/api/governance/tools/test-low/versions', body, cookie);
    expect((await add({ version: '9.0', notes: 'x' }, doctor)).statusCode).toBe(403);
    expect((await add({ version: '  ', notes: 'x' })).json()).toMatchObject({ code: 'VERSION_REQUIRED', field: 'version' });
    expect((await add({ version: '9.0', notes: ' ' })).json()).toMatchObject({ code: 'VERSION_NOTES_REQUIRED', field: 'notes' });
    expect((await add({ version: '9.0', releasedAt: '2026-04-31', notes: 'x' })).json()).toMatchObject({ code: 'INVALID_DATE', field: 'releasedAt' });
    expect((await post('/api/governance/tools/no-such-tool/versions', { version: '9.0', notes: 'x' }, officer)).statusCode).toBe(404);
    expect((await get('/api/governance/tools/test-low', officer)).json().versions.map((v: { version: string }) => v.version)).toEqual(['1.0']);
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
    // A doctor's stop applies at the doctor's (the patient's) facility only (issue 11).
    expect(inc.suspensionScope).toBe('facility');
    const tool = (await get('/api/governance/tools/test-low', officer)).json();
    expect(tool.stage).not.toBe('suspended');
    expect(tool.facilityStages).toContainEqual(expect.objectContaining({ facilityId: hospitalId, stage: 'suspended' }));
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

  describe('governance_case projection (kept by triggers on write)', () => {
    const TOOL = 'test-proj';
    let stationPatient: string;
    const add = async (output: object, score: number | null, patient = patientId) => {
      const [p] = await t.db.query<{ facility_id: string }>('SELECT facility_id FROM patient WHERE id = $1', [patient]);
      const s = await recordSuggestion(t.db, {
        toolId: TOOL, toolVersion: '1.0', kind: 'model', patientId: patient, encounterId: null, facilityId: p!.facility_id, inputs: { output, score }, output,
        explanation: {}, summary: 'projection test', summaryVi: 'projection test', severity: 'info', score,
      }, ANCHOR);
      return s!.id;
    };
    const outcome = (suggestionId: string, labels: object, at: string) =>
      t.db.query('INSERT INTO outcome (id, suggestion_id, patient_id, labels, source, recorded_at) VALUES (gen_random_uuid(), $1, NULL, $2, $3, $4)', [suggestionId, JSON.stringify(labels), 'test', at]);
    const decide = (id: string, status: 'accepted' | 'overridden' | 'dismissed') =>
      t.db.tx(async (q) => {
        const [u] = await q.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'bs.lan'");
        await setDecision(q, id, { status, by: u!.id, at: ANCHOR, reason: status === 'overridden' ? 'clinical judgement' : null });
      });
    const pairs = async (label?: string) => {
      const c = await performanceCases(t.db, TOOL, label ? { label } : {});
      return Array.from(c.scores, (s, i) => [s, c.labels[i]]).sort((a, b) => a[0]! - b[0]!);
    };

    beforeAll(async () => {
      await post('/api/governance/tools', toolBody(TOOL, 'low'), officer);
      await stage(TOOL, { stage: 'shadow', reason: 'projection test' });
      stationPatient = (await t.db.query<{ id: string }>("SELECT p.id FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.kind = 'station' ORDER BY p.id LIMIT 1"))[0]!.id;
      const s1 = await add({ scores: { A: 0.9, B: 0.2 } }, 0.9);
      await outcome(s1, { A: 1, B: 0, positive: 1 }, '2026-11-02T00:00:00Z');
      await decide(await add({ scores: { A: 0.3 } }, 0.3), 'accepted'); // no outcome: the decision is the truth
      await decide(await add({ scores: { A: 0.6, C: 0.7 } }, 0.7), 'overridden'); // label C first seen now
      const s4 = await add({ label: 'B' }, 0.8, stationPatient); // one finding per suggestion (imaging style)
      await outcome(s4, { B: true }, '2026-11-02T00:00:00Z');
      await decide(await add({ scores: { A: 'high' } }, Number.POSITIVE_INFINITY), 'dismissed'); // no finite score anywhere
      const s6 = await add({ scores: { A: 0.4 } }, 0.4);
      await outcome(s6, { A: 0 }, '2026-11-02T00:00:00Z');
      await outcome(s6, { A: '1' }, '2026-11-03T00:00:00Z'); // a later reading corrects the first
      await add({ scores: { A: 0.5 } }, 0.5); // still proposed, no outcome: truth unknown
    });

    it('holds each label\'s score and truth: outcome first, else the decision; unknown and non-finite left out', async () => {
      expect(await pairs('A')).toEqual([[0.3, 1], [0.4, 1], [0.6, 0], [0.9, 1]]);
      expect(await pairs('B')).toEqual([[0.2, 0], [0.8, 1]]);
      expect(await pairs('C')).toEqual([[0.7, 0]]); // rows written before C existed have no cell for it
      expect(await pairs()).toEqual([[0.3, 1], [0.7, 0], [0.9, 1]]); // main score, outcome key 'positive'
      expect(await pairs('no-such-label')).toEqual([]);
      const c = await performanceCases(t.db, TOOL, { label: 'B' });
      expect(caseLines(c).map((l) => l.split(' ').slice(4).join(' '))).toEqual(['hospital Thái Nguyên', 'station Thái Nguyên']);
    });

    it('follows a corrected sex or birth date, and the dashboard cache notices', async () => {
      const url = `/api/governance/tools/${TOOL}/performance?label=A`;
      expect((await get(url, officer)).json().cached).toBe(false);
      expect((await get(url, officer)).json().cached).toBe(true);
      const [p] = await t.db.query<{ sex: string; birth_date: string }>('SELECT sex, birth_date FROM patient WHERE id = $1', [patientId]);
      const other = p!.sex === 'female' ? 'male' : 'female';
      await t.db.query("UPDATE patient SET sex = $2, birth_date = '1950-01-01' WHERE id = $1", [patientId, other]);
      try {
        const c = await performanceCases(t.db, TOOL, { label: 'A' });
        expect(new Set(caseLines(c).map((l) => l.split(' ').slice(2, 4).join(' ')))).toEqual(new Set([`${other} 60+`]));
        expect((await get(url, officer)).json().cached).toBe(false);
      } finally {
        await t.db.query('UPDATE patient SET sex = $2, birth_date = $3 WHERE id = $1', [patientId, p!.sex, p!.birth_date]);
      }
    });
  });

  describe.skipIf(!HAVE)(`CheXNet replay (real vendor outputs, shadow)${HAVE ? '' : ` ${needs(CHEXNET)}`}`, () => {
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

    it('is idempotent, and restores claims changed since', async () => {
      await t.db.query("UPDATE governance_baseline SET claims = '{}'::jsonb WHERE tool_id = $1", [CHEXNET_TOOL_ID]);
      expect((await replayChexnet(t.db, { sharedDir, anchor: ANCHOR })).skipped).toBe(true);
      const [c] = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM governance_baseline WHERE tool_id = $1 AND claims ? 'auroc'", [CHEXNET_TOOL_ID]);
      expect(c!.n).toBe(FINDINGS.length);
    });

    it('claims the published AUROC of each finding, and says why Pneumonia\'s differs', async () => {
      for (const f of ['Effusion', 'Pneumonia']) {
        const body = (await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=${f}`, officer)).json();
        expect(body.claims).toEqual({ auroc: PUBLISHED.get(f) });
        expect(body.claimsSource).toContain('published-aucs.csv');
        const alert = body.alerts.find((a: { rule: string; metric: string }) => a.rule === 'below_claim' && a.metric === 'auroc');
        // The rule: warning when the interval's lower bound is below the claim, critical when the whole interval is.
        const { lower, upper } = body.report.auroc;
        expect(alert?.severity).toBe(upper < PUBLISHED.get(f)! ? 'critical' : lower < PUBLISHED.get(f)! ? 'warning' : undefined);
        expect(alert.limit).toBe(PUBLISHED.get(f));
      }
      const pneumonia = (await get(`/api/governance/tools/${CHEXNET_TOOL_ID}/performance?label=Pneumonia`, officer)).json();
      expect(pneumonia.claimsSource).toContain('different NIH label file');
      if (engine === 'postgres') {
        // all 22,433 cases: the recomputed AUROC (reference-aucs.csv), not the published one, with an interval that still holds the claim
        expect(pneumonia.report.auroc.estimate.toFixed(3)).toBe('0.757');
        expect(pneumonia.report.auroc.upper).toBeGreaterThan(PUBLISHED.get('Pneumonia')!);
        expect(pneumonia.alerts.find((a: { rule: string }) => a.rule === 'below_claim').severity).toBe('warning');
      }
    });

    it('reads from the projection exactly the cases a join of suggestions, outcomes and patients gives', async () => {
      for (const label of ['Effusion', 'Hernia', undefined]) {
        const rows = await t.db.query<{ score: number | null; truth: number | null; sex: string; age: number; kind: string; province: string }>(
          `SELECT CASE WHEN $2::text IS NULL THEN s.score ELSE (s.output->'scores'->>$2::text)::float8 END AS score,
                  CASE WHEN o.labels IS NOT NULL THEN (o.labels->>COALESCE($2::text, 'positive'))::int END AS truth,
                  p.sex, date_part('year', age((s.created_at AT TIME ZONE 'UTC')::date, p.birth_date))::int AS age, f.kind, f.province
             FROM suggestion s JOIN patient p ON p.id = s.patient_id JOIN facility f ON f.id = s.facility_id LEFT JOIN outcome o ON o.suggestion_id = s.id
            WHERE s.tool_id = $1`, [CHEXNET_TOOL_ID, label ?? null]);
        const expected = rows.filter((r) => r.score !== null && r.truth !== null).map((r) => `${r.score} ${r.truth} ${r.sex} ${ageBand(r.age)} ${r.kind} ${r.province}`).sort();
        const got = caseLines(await performanceCases(t.db, CHEXNET_TOOL_ID, label ? { label } : {}));
        expect(got.length).toBe(label ? (engine === 'pglite' ? 3000 : 22_433) : 0); // main score: no 'positive' outcome key
        expect(got).toEqual(expected);
      }
    }, 60_000);

    it('rejects a published-AUC file that does not match the findings', () => {
      expect(parsePublishedAucs(readFileSync(resolve(sharedDir, 'datasets/chexnet-predictions/published-aucs.csv'), 'utf8')).map((c) => c.label)).toEqual([...FINDINGS]);
      expect(() => parsePublishedAucs('label,auc\nAtelectasis,0.8\n')).toThrow(/no AUC for Cardiomegaly/);
      expect(() => parsePublishedAucs('label,auc\nTuberculosis,0.8\n')).toThrow(/unknown finding/);
      expect(() => parsePublishedAucs('label,auc\nAtelectasis,1.2\n')).toThrow(/not in \(0, 1\]/);
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
      await t.db.query("UPDATE outcome SET recorded_at = recorded_at + interval '1 second' WHERE id = (SELECT o.id FROM outcome o JOIN suggestion s ON s.id = o.suggestion_id WHERE s.tool_id = $1 ORDER BY o.recorded_at DESC LIMIT 1)", [CHEXNET_TOOL_ID]);
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
