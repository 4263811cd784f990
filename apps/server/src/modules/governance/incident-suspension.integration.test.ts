/**
 * A safety stop from the front line (issue 11): station staff filing a serious incident with
 * suspendTool stop the tool at their own facility only; the hospital's NEWS2 output stays visible;
 * the governance officer is notified at once; a stop beyond the facility needs the governance role;
 * all of it audited, the chain intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR, ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { verifyAuditChain } from '../audit/audit.repo.ts';
import { recordSuggestion } from '../suggestions/suggestions.service.ts';

const TOOL = 'rcp-news2';

describe.each(ENGINES)('facility-scoped suspension from an incident on %s', (engine) => {
  let t: TestApp;
  let station: string; // yt.tuan: three commune stations
  let doctor: string; // bs.lan: the hospital
  let officer: string; // qt.mai: governance
  let hospitalId: string;
  let stationId: string;
  let hospitalPatient: string;
  let stationPatient: string;

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, payload: object, cookie: string) => t.app.inject({ method: 'POST', url, payload, headers: { cookie } });
  const news2Suggestion = (patientId: string, facilityId: string) => recordSuggestion(t.db, {
    toolId: TOOL, toolVersion: '2017', kind: 'rule', patientId, encounterId: null, facilityId, inputs: { patientId }, output: { score: 7 },
    explanation: {}, summary: 'NEWS2 7', summaryVi: 'NEWS2 7', severity: 'urgent', score: 7,
  }, ANCHOR);
  const visibleIds = async (patientId: string, cookie: string) => (await get(`/api/patients/${patientId}/suggestions`, cookie)).json().map((s: { id: string }) => s.id);
  const incident = { toolId: TOOL, description: 'Điểm NEWS2 thấp trong khi bệnh nhân suy hô hấp', harm: 'severe', suspendTool: true };

  beforeAll(async () => {
    t = await openTestApp(engine);
    station = await t.login('yt.tuan');
    doctor = await t.login('bs.lan');
    officer = await t.login('qt.mai');
    hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
    hospitalPatient = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [hospitalId]))[0]!.id;
    stationPatient = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [stationId]))[0]!.id;
  }, 60_000);
  afterAll(() => t?.close());

  it('station staff cannot stop the tool everywhere, nor at a facility not theirs, nor without saying which of theirs', async () => {
    const global = await post('/api/governance/incidents', { ...incident, facilityId: stationId, suspensionScope: 'global' }, station);
    expect(global.statusCode).toBe(403);
    const [denied] = await t.db.query<{ resource_id: string }>("SELECT resource_id FROM audit_log WHERE outcome = 'denied' ORDER BY seq DESC LIMIT 1");
    expect(denied!.resource_id).toBe('POST /api/governance/incidents');
    expect((await post('/api/governance/incidents', { ...incident, facilityId: hospitalId }, station)).json()).toMatchObject({ code: 'UNKNOWN_FACILITY', field: 'facilityId' });
    expect((await post('/api/governance/incidents', incident, station)).json()).toMatchObject({ code: 'FACILITY_REQUIRED', field: 'facilityId' });
    expect(await t.db.query("SELECT 1 FROM ai_tool_stage WHERE tool_id = $1 AND stage = 'suspended'", [TOOL])).toHaveLength(0);
    expect(await t.db.query('SELECT 1 FROM incident')).toHaveLength(0); // nothing half-written
  });

  it("a station's stop applies at that station only: the hospital's NEWS2 results stay visible", async () => {
    const atHospital = await news2Suggestion(hospitalPatient, hospitalId);
    const atStation = await news2Suggestion(stationPatient, stationId);
    expect(atHospital?.visibility).toBe('visible');
    expect(atStation?.visibility).toBe('visible');

    const res = await post('/api/governance/incidents', { ...incident, patientId: stationPatient }, station);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ suspendedTool: true, suspensionScope: 'facility', facilityId: stationId });

    const tool = (await get(`/api/governance/tools/${TOOL}`, officer)).json();
    expect(tool.stage).toBe('general');
    expect(tool.facilityStages).toEqual([expect.objectContaining({ facilityId: stationId, stage: 'suspended' })]);
    // Existing output: hidden at the station, still shown at the hospital.
    expect(await visibleIds(stationPatient, station)).not.toContain(atStation!.id);
    expect(await visibleIds(hospitalPatient, doctor)).toContain(atHospital!.id);
    // New output: none at the station, as before at the hospital.
    expect(await news2Suggestion(stationPatient, stationId)).toBeNull();
    expect((await news2Suggestion(hospitalPatient, hospitalId))?.visibility).toBe('visible');
    // Banners: the station sees its stop, the hospital sees none.
    expect((await get('/api/governance/banners', station)).json()).toContainEqual(expect.objectContaining({ toolId: TOOL, facilityId: stationId, messageVi: expect.stringContaining('Trạm Y tế Đồi Chè') }));
    expect((await get('/api/governance/banners', doctor)).json().map((b: { toolId: string }) => b.toolId)).not.toContain(TOOL);
    // Audited with its scope.
    const [audit] = await t.db.query<{ facility_id: string; details: { scope: string } }>("SELECT facility_id, details FROM audit_log WHERE action = 'suspend' ORDER BY seq DESC LIMIT 1");
    expect(audit).toMatchObject({ facility_id: stationId, details: { scope: 'facility' } });
  });

  it('the governance officer is notified at once, acknowledges, and may lift or widen the stop', async () => {
    expect((await get('/api/governance/notifications?open=true', doctor)).statusCode).toBe(403);
    const open = (await get('/api/governance/notifications?open=true', officer)).json();
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'facility_suspension', toolId: TOOL, facilityId: stationId, facilityName: 'Trạm Y tế Đồi Chè', incidentId: expect.any(String), acknowledgedAt: null });
    expect(open[0].messageVi).toContain('tạm dừng');
    expect((await t.app.inject({ method: 'POST', url: `/api/governance/notifications/${open[0].id}/ack`, headers: { cookie: station, 'x-requested-with': 'yte' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/governance/notifications/${open[0].id}/ack`, headers: { cookie: officer, 'x-requested-with': 'yte' } })).statusCode).toBe(204);
    expect((await get('/api/governance/notifications?open=true', officer)).json()).toHaveLength(0);
    expect((await t.app.inject({ method: 'POST', url: `/api/governance/notifications/${open[0].id}/ack`, headers: { cookie: officer, 'x-requested-with': 'yte' } })).statusCode).toBe(404);
    // Lift it at the station: back to the stage it had there.
    expect((await post(`/api/governance/tools/${TOOL}/stage`, { stage: 'general', facilityId: stationId, reason: 'Đã xem xét: lỗi nhập liệu, không phải lỗi công cụ' }, officer)).statusCode).toBe(200);
    expect((await news2Suggestion(stationPatient, stationId))?.visibility).toBe('visible');
    // The governance officer's own report may stop it everywhere.
    const wide = await post('/api/governance/incidents', { ...incident, facilityId: hospitalId, suspensionScope: 'global' }, officer);
    expect(wide.json()).toMatchObject({ suspendedTool: true, suspensionScope: 'global' });
    expect((await get(`/api/governance/tools/${TOOL}`, officer)).json().stage).toBe('suspended');
    expect((await verifyAuditChain(t.db)).firstBreak).toBeNull();
  });
});
