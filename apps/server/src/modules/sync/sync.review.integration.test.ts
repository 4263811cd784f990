import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { mergeChange } from './sync.province.ts';

describe.each(ENGINES)('sync conflict review queue on %s', (engine) => {
  let t: TestApp;
  let staff: string;
  let doctor: string;
  let patientId: string;
  let reviewId: number;
  const xrw = (cookie: string) => ({ cookie, 'x-requested-with': 'XMLHttpRequest' });

  beforeAll(async () => {
    t = await openTestApp(engine);
    staff = await t.login('yt.tuan');
    doctor = await t.login('bs.lan');
    const [p] = await t.db.query<{ id: string; phone: string | null }>(`SELECT p.id::text, p.phone FROM patient p JOIN facility f ON f.id = p.facility_id WHERE f.code = 'TYT-TANCUONG' ORDER BY p.id LIMIT 1`);
    patientId = p!.id;
    // A true conflict made by the merge rule: the local edit (later HLC) and a pulled change from
    // the same base both changed the phone number.
    await t.db.tx(async (q) => {
      await q.query(`SELECT set_config('yte.sync_apply', 'on', true)`);
      await mergeChange(q, { id: '0190f000-0000-7000-8000-0000000000a1', table: 'patient', rowId: patientId, op: 'update', values: { phone: '0912000111' }, base: { phone: p!.phone }, hlc: '000001800000000:000000:s1' });
      await mergeChange(q, { id: '0190f000-0000-7000-8000-0000000000a2', table: 'patient', rowId: patientId, op: 'update', values: { phone: '0988000222' }, base: { phone: p!.phone }, hlc: '000001700000000:000000:s2' });
    });
  });
  afterAll(() => t?.close());

  it('lists the conflict to staff of the patient\'s facility, audited; another facility sees nothing', async () => {
    const res = await t.app.inject({ url: '/api/sync/reviews', headers: { cookie: staff } });
    expect(res.statusCode).toBe(200);
    const items = res.json().filter((r: { patientId: string }) => r.patientId === patientId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ table: 'patient', field: 'phone', kept: '0912000111', other: '0988000222' });
    reviewId = items[0].id;
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE resource_type = 'SyncReview' AND resource_id = $1 AND action = 'read'`, [String(reviewId)]);
    expect(audit.length).toBe(1);
    expect((await t.app.inject({ url: '/api/sync/reviews', headers: { cookie: doctor } })).json()).toEqual([]);
  });

  it('another facility resolving gets 404; the facility applies the other value, audited; twice → 409', async () => {
    const foreign = await t.app.inject({ method: 'POST', url: `/api/sync/reviews/${reviewId}/resolve`, headers: xrw(doctor), payload: { choose: 'other' } });
    expect(foreign.statusCode).toBe(404);
    const ok = await t.app.inject({ method: 'POST', url: `/api/sync/reviews/${reviewId}/resolve`, headers: xrw(staff), payload: { choose: 'other' } });
    expect(ok.statusCode).toBe(200);
    expect((await t.db.query<{ phone: string }>('SELECT phone FROM patient WHERE id = $1', [patientId]))[0]!.phone).toBe('0988000222');
    const audit = await t.db.query<{ details: { choose: string } }>(`SELECT details FROM audit_log WHERE resource_type = 'Patient' AND resource_id = $1 AND action = 'update' ORDER BY seq DESC LIMIT 1`, [patientId]);
    expect(audit[0]!.details.choose).toBe('other');
    const again = await t.app.inject({ method: 'POST', url: `/api/sync/reviews/${reviewId}/resolve`, headers: xrw(staff), payload: { choose: 'kept' } });
    expect(again.statusCode).toBe(409);
    expect((await t.app.inject({ url: '/api/sync/reviews', headers: { cookie: staff } })).json().filter((r: { id: number }) => r.id === reviewId)).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: '/api/sync/reviews/0/resolve', headers: xrw(staff), payload: { choose: 'x' } })).statusCode).toBe(400);
  });
});
