import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { effectiveStage, setStage, upsertTool } from '../tools/tools.repo.ts';
import { recordSuggestion } from './suggestions.service.ts';

describe('effectiveStage (pure)', () => {
  const F = 'f1';
  it.each([
    [[], 'sandbox'],
    [[{ facility_id: null, stage: 'general' }], 'general'],
    [[{ facility_id: null, stage: 'shadow' }, { facility_id: F, stage: 'pilot' }], 'pilot'],
    [[{ facility_id: null, stage: 'suspended' }, { facility_id: F, stage: 'pilot' }], 'suspended'],
    [[{ facility_id: 'other', stage: 'pilot' }], 'sandbox'],
  ] as const)('%j → %s', (rows, stage) => expect(effectiveStage([...rows], F)).toBe(stage));
});

describe.each(ENGINES)('suggestions on %s', (engine) => {
  let t: TestApp;
  let doctor: string;
  let patientId: string;
  let facilityId: string;
  const now = new Date('2026-11-01T08:00:00Z');

  beforeAll(async () => {
    t = await openTestApp(engine);
    doctor = await t.login('bs.lan');
    const [p] = await t.db.query<{ id: string; facility_id: string }>("SELECT p.id, p.facility_id FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.code = 'BVDK-TN' ORDER BY p.id LIMIT 1");
    patientId = p!.id;
    facilityId = p!.facility_id;
    await upsertTool(t.db, { id: 'test-rule', name: 'Test rule', kind: 'rule', current_version: '1.0.0', risk_tier: 'low', risk_rationale: 'test' });
  });
  afterAll(() => t?.close());

  const make = (summary: string) =>
    t.db.tx((q) => recordSuggestion(q, {
      toolId: 'test-rule', toolVersion: '1.0.0', kind: 'rule', patientId, encounterId: null, facilityId,
      inputs: { pulse: 130 }, output: { score: 3 }, explanation: [{ input: 'pulse', value: 130, points: 3 }],
      summary, summaryVi: summary, severity: 'warning', score: 3,
    }, now));
  const list = async () => (await t.app.inject({ method: 'GET', url: `/api/patients/${patientId}/suggestions`, headers: { cookie: doctor } })).json() as Array<{ id: string; summary: string; status: string }>;
  const decide = (id: string, body: object) => t.app.inject({ method: 'POST', url: `/api/suggestions/${id}/decision`, payload: body, headers: { cookie: doctor } });

  it('an unstaged (sandbox) tool does not run on live patients', async () => {
    expect(await make('sandbox')).toBeNull();
  });

  it('shadow output is stored but never shown to clinicians', async () => {
    await setStage(t.db, { toolId: 'test-rule', facilityId: null, stage: 'shadow', reason: 'test', changedBy: null, at: now });
    const s = await make('shadow one');
    expect(s?.visibility).toBe('shadow');
    expect((await list()).map((x) => x.summary)).not.toContain('shadow one');
    expect((await decide(s!.id, { decision: 'accept' })).statusCode).toBe(404);
  });

  it('general output is listed; override needs a reason; the decision is recorded, audited and final', async () => {
    await setStage(t.db, { toolId: 'test-rule', facilityId: null, stage: 'general', reason: 'test', changedBy: null, at: now });
    const s = (await make('visible one'))!;
    expect((await list()).map((x) => x.summary)).toContain('visible one');
    const noReason = await decide(s.id, { decision: 'override' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: 'REASON_REQUIRED', field: 'reason' });
    const ok = await decide(s.id, { decision: 'override', reason: 'Pulse taken after exercise' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'overridden', reason: 'Pulse taken after exercise', decidedBy: expect.any(String) });
    expect((await decide(s.id, { decision: 'accept' })).statusCode).toBe(409);
    const audit = await t.db.query<{ details: { decision: string } }>("SELECT details FROM audit_log WHERE action = 'decide' AND resource_id = $1 AND outcome = 'success'", [s.id]);
    expect(audit).toHaveLength(1);
  });

  it('a suggestion\'s content cannot be changed or deleted, even in SQL', async () => {
    const s = (await make('immutable'))!;
    await expect(t.db.query(`UPDATE suggestion SET output = '{"score": 0}' WHERE id = $1`, [s.id])).rejects.toThrow(/immutable/);
    await expect(t.db.query('DELETE FROM suggestion WHERE id = $1', [s.id])).rejects.toThrow(/never deleted/);
  });

  it('the kill switch hides a suspended tool\'s output everywhere at once', async () => {
    await setStage(t.db, { toolId: 'test-rule', facilityId: null, stage: 'suspended', reason: 'incident', changedBy: null, at: now });
    expect((await list()).length).toBe(0);
    expect(await make('after suspension')).toBeNull();
  });
});
