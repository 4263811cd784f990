import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { verifyAuditChain } from '../audit/audit.repo.ts';

describe.each(ENGINES)('staff assistant on %s', (engine) => {
  let t: TestApp;
  let nurse: string;
  let station: string;
  let officer: string;
  let hospitalId: string;
  let stationId: string;
  const p: Record<string, string> = {};

  const news2 = async (patientId: string, facilityId: string, score: number, minutesAgo: number) => {
    await t.db.query(
      `INSERT INTO suggestion (id, tool_id, tool_version, kind, patient_id, facility_id, inputs, inputs_hash, output, explanation, summary, summary_vi, severity, score, visibility, created_at)
       VALUES ($1, 'rcp-news2', '1.0.0', 'rule', $2, $3, '{}', 'x', '{}', '[]', 'NEWS2', 'NEWS2', 'info', $4, 'visible', $5)`,
      [randomUUID(), patientId, facilityId, score, new Date(Date.now() - minutesAgo * 60_000).toISOString()],
    );
  };
  const ask = (cookie: string, question: string, facilityId = hospitalId) =>
    t.app.inject({ method: 'POST', url: '/api/assistant/staff/ask', headers: { cookie }, payload: { facilityId, question } });

  beforeAll(async () => {
    t = await openTestApp(engine);
    nurse = await t.login('dd.hoa');
    station = await t.login('yt.tuan');
    officer = await t.login('qt.mai');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
    await t.db.query("INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ('rcp-news2', 'NEWS2', 'rule', '1.0.0', 'medium') ON CONFLICT (id) DO NOTHING");
    const pick = async (facilityId: string, n: number) => (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT $2', [facilityId, n])).map((r) => r.id);
    [p.high, p.recovered] = await pick(hospitalId, 2) as [string, string];
    [p.elsewhere] = await pick(stationId, 1) as [string];
    await news2(p.high!, hospitalId, 2, 600);
    await news2(p.high!, hospitalId, 11, 10); // latest: 11
    await news2(p.recovered!, hospitalId, 12, 600);
    await news2(p.recovered!, hospitalId, 3, 5); // latest: 3
    await news2(p.elsewhere!, stationId, 13, 5); // another facility
  });
  afterAll(() => t?.close());

  it('lists the user’s facility’s patients whose latest NEWS2 reaches the threshold, each an audited read', async () => {
    const res = await ask(nurse, 'Bệnh nhân nào có NEWS2 ≥ 10?');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { intent: string; answer: string; patients: { id: string; score: number }[] };
    expect(body.intent).toBe('news2');
    const ids = body.patients.map((x) => x.id);
    expect(ids).toContain(p.high);
    expect(ids).not.toContain(p.recovered);
    expect(ids).not.toContain(p.elsewhere);
    expect(body.patients.every((x) => x.score >= 10)).toBe(true);
    expect(body.answer).toMatch(/NEWS2 gần nhất ≥ 10/);
    const audit = await t.db.query<{ patient_id: string }>("SELECT patient_id FROM audit_log WHERE action = 'read' AND resource_type = 'Patient' AND details->>'via' = 'staff-assistant'");
    expect(audit.map((a) => a.patient_id).sort()).toEqual([...ids].sort());
    const two = (await ask(nurse, 'NEWS2 >= 3')).json() as { patients: { id: string }[] };
    expect(two.patients.map((x) => x.id)).toEqual([p.high, p.recovered]); // highest first; batch of two audited reads
    const reads = await t.db.query<{ patient_id: string }>("SELECT patient_id FROM audit_log WHERE details->>'via' = 'staff-assistant' AND details->>'threshold' = '3' ORDER BY seq");
    expect(reads.map((r) => r.patient_id)).toEqual([p.high, p.recovered]);
    expect((await verifyAuditChain(t.db)).firstBreak).toBeNull(); // the batch keeps the hash chain
  });

  it('never answers for a facility the user does not belong to, nor to a role that cannot open charts', async () => {
    expect((await ask(station, 'which patients have NEWS2 >= 5')).statusCode).toBe(404);
    expect((await ask(officer, 'which patients have NEWS2 >= 5')).statusCode).toBe(403);
    const own = (await ask(station, 'which patients have NEWS2 >= 5', stationId)).json() as { patients: { id: string }[] };
    expect(own.patients.map((x) => x.id)).toEqual([p.elsewhere]);
  });

  it('reads the triage queue and answers how-to questions from the platform help, with citations', async () => {
    expect((await ask(nurse, 'what is waiting in my queue')).json()).toMatchObject({ intent: 'queue' });
    const h = (await ask(nurse, 'How do I report an AI incident?')).json() as { intent: string; answer: string; citations: { doc: string }[] };
    expect(h.intent).toBe('help');
    expect(h.answer).toContain('Report an incident');
    expect(h.citations[0]!.doc).toBe('docs/help/ai-incidents.md');
    expect((await ask(nurse, '')).statusCode).toBe(400);
  });
});
