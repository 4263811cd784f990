import { gzipSync } from 'node:zlib';
import { encodeBatch, makeBatch } from '@yte/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/audit.repo.ts';
import { PUSH_CONTENT_TYPE } from './sync.agent.ts';
import { signBytes } from './sync.keys.ts';
import { registerStation, revokeStation } from './sync.province.ts';
import { pendingBatches, seal, syncStatus } from './sync.station.ts';
import { openProvince, openStation, writeVisit, type Province, type Station } from './sync.testkit.ts';

const H = 3_600_000;
let province: Province;
let s1: Station;
let s2: Station;

beforeAll(async () => {
  province = await openProvince();
  s1 = await openStation(province, 0);
  s2 = await openStation(province, 1);
});
afterAll(async () => {
  await s1?.close();
  await s2?.close();
  await province?.close();
});

const count = async (q: Province['db'], sql: string, p: unknown[] = []) => (await q.query<{ n: number }>(sql, p))[0]!.n;
const push = (body: Buffer, station: string, sig: string) =>
  province.app.inject({ method: 'POST', url: '/api/sync/push', headers: { 'content-type': PUSH_CONTENT_TYPE, 'x-yte-station': station, 'x-yte-signature': sig }, payload: body });

describe('sync station → province (PGlite → PostgreSQL)', () => {
  it('pushes a visit and an audit entry; the outbox empties; status shows it', async () => {
    const { patient } = await writeVisit(s1.db, s1.id, new Date('2026-12-07T02:00:00Z'));
    await s1.db.tx((q) => appendAudit(q, { userId: null, facilityId: s1.id, action: 'read', resourceType: 'Patient', resourceId: patient, patientId: patient, outcome: 'success', details: null }));
    expect((await syncStatus(s1.db)).pending).toBe(5);
    const r = await s1.agent(province.url).syncOnce();
    expect(r.pushed).toBe(5);
    expect(await count(province.db, 'SELECT count(*)::int n FROM observation WHERE patient_id = $1', [patient])).toBe(2);
    expect(await count(province.db, 'SELECT count(*)::int n FROM sync_station_audit WHERE station_id = $1', [s1.id])).toBe(1);
    const st = await syncStatus(s1.db);
    expect(st.pending).toBe(0);
    expect(st.lastSyncedAt).not.toBeNull();
  });

  it('a replayed batch changes nothing', async () => {
    await writeVisit(s1.db, s1.id, new Date('2026-12-07T03:00:00Z'));
    await seal(s1.db, Date.now());
    const [b] = await pendingBatches(s1.db);
    const body = gzipSync(encodeBatch(b!));
    const first = await push(body, s1.id, signBytes(s1.key.privateKey, body));
    expect(first.json()).toMatchObject({ applied: 4, duplicates: 0 });
    const before = await count(province.db, 'SELECT count(*)::int n FROM sync_applied');
    const again = await push(body, s1.id, signBytes(s1.key.privateKey, body));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applied: 0, duplicates: 4 });
    expect(await count(province.db, 'SELECT count(*)::int n FROM sync_applied')).toBe(before);
  });

  it('wrong key → 401 and nothing applied; revoked key → 401', async () => {
    await writeVisit(s2.db, s2.id, new Date('2026-12-07T04:00:00Z'));
    await seal(s2.db, Date.now());
    const [b] = await pendingBatches(s2.db);
    const body = gzipSync(encodeBatch(b!));
    const res = await push(body, s2.id, signBytes(s1.key.privateKey, body)); // station 1's key
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('SYNC_BAD_KEY');
    expect(await count(province.db, 'SELECT count(*)::int n FROM patient WHERE facility_id = $1', [s2.id])).toBe(0);
    // the right key, once revoked, is refused too; registering it again restores the station
    await revokeStation(province.db, s2.id, new Date());
    const revoked = await push(body, s2.id, signBytes(s2.key.privateKey, body));
    expect(revoked.statusCode).toBe(401);
    expect(await count(province.db, 'SELECT count(*)::int n FROM patient WHERE facility_id = $1', [s2.id])).toBe(0);
    await registerStation(province.db, s2.id, s2.key.publicKey);
  });

  it("a batch for another station's catchment → 403, nothing applied", async () => {
    // station 1 signs a batch whose rows belong to station 2
    const [b2] = await pendingBatches(s2.db);
    const forged = makeBatch(s1.id, 99, b2!.changes.map((c) => ({ ...c, origin: s1.id })));
    const body = gzipSync(encodeBatch(forged));
    const res = await push(body, s1.id, signBytes(s1.key.privateKey, body));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('SYNC_NOT_CATCHMENT');
    expect(await count(province.db, 'SELECT count(*)::int n FROM patient WHERE facility_id = $1', [s2.id])).toBe(0);
  });

  it('a truncated or corrupted batch → 400 with the reason, nothing applied; the retry succeeds', async () => {
    const [b] = await pendingBatches(s2.db);
    const good = gzipSync(encodeBatch(b!));
    const truncated = good.subarray(0, good.length - 30);
    const r1 = await push(truncated, s2.id, signBytes(s2.key.privateKey, truncated));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().message).toMatch(/truncated/);
    const corrupted = gzipSync(encodeBatch(b!).replace('"value_num":128', '"value_num":182'));
    const r2 = await push(corrupted, s2.id, signBytes(s2.key.privateKey, corrupted));
    expect(r2.statusCode).toBe(400);
    expect(r2.json().message).toMatch(/checksum/);
    expect(await count(province.db, 'SELECT count(*)::int n FROM patient WHERE facility_id = $1', [s2.id])).toBe(0);
    await s2.agent(province.url).syncOnce();
    expect(await count(province.db, 'SELECT count(*)::int n FROM observation WHERE facility_id = $1', [s2.id])).toBe(2);
  });

  it('demographics: a station 5 h slow edits after seeing the province edit and wins; a true conflict is queued', async () => {
    const { patient } = await writeVisit(s1.db, s1.id, new Date('2026-12-07T05:00:00Z'));
    await s1.agent(province.url).syncOnce();
    // the province corrects the phone (its own clock, now)
    await province.db.query(`UPDATE patient SET phone = '0911111111' WHERE id = $1`, [patient]);
    // the station, clock 5 h behind, edits the phone offline before hearing of it: a true conflict
    await s1.db.query(`UPDATE patient SET phone = '0922222222', address_line = 'Thôn 3' WHERE id = $1`, [patient]);
    const slow = () => Date.now() - 5 * H;
    await s1.agent(province.url, { now: slow }).syncOnce();
    // by HLC the province edit (real time) is later than the slow station's stamp: province wins the phone,
    // the station's address is merged, the conflict is queued, and the station converges on pull
    const [p] = await province.db.query<{ phone: string; address_line: string }>('SELECT phone, address_line FROM patient WHERE id = $1', [patient]);
    expect(p).toEqual({ phone: '0911111111', address_line: 'Thôn 3' });
    expect(await count(province.db, `SELECT count(*)::int n FROM sync_review WHERE row_id = $1 AND field = 'phone'`, [patient])).toBe(1);
    const [sp] = await s1.db.query<{ phone: string }>('SELECT phone FROM patient WHERE id = $1', [patient]);
    expect(sp!.phone).toBe('0911111111');
    // now the station has seen the province's stamp: its next edit, still on the slow clock, orders after it
    await s1.db.query(`UPDATE patient SET phone = '0933333333' WHERE id = $1`, [patient]);
    await s1.agent(province.url, { now: slow }).syncOnce();
    const [p2] = await province.db.query<{ phone: string }>('SELECT phone FROM patient WHERE id = $1', [patient]);
    expect(p2!.phone).toBe('0933333333');
  });

  it('a tool suspended at the province is suspended at the station after its next sync', async () => {
    for (const db of [province.db, s1.db]) {
      await db.query(`INSERT INTO ai_tool(id, name, kind, current_version, risk_tier) VALUES ('sync-test-tool', 'Test', 'rule', '1', 'low') ON CONFLICT DO NOTHING`);
      await db.query(`INSERT INTO ai_tool_stage(tool_id, facility_id, stage, reason, changed_at) VALUES ('sync-test-tool', NULL, 'general', 'go', now()) ON CONFLICT DO NOTHING`);
    }
    await province.db.query(`UPDATE ai_tool_stage SET stage = 'suspended', reason = 'incident' WHERE tool_id = 'sync-test-tool' AND facility_id IS NULL`);
    await s1.agent(province.url).syncOnce();
    const [g] = await s1.db.query<{ stage: string }>(`SELECT stage FROM ai_tool_stage WHERE tool_id = 'sync-test-tool' AND facility_id IS NULL`);
    expect(g!.stage).toBe('suspended');
  });

  it('GET /api/sync/status needs a session; pull needs the station key', async () => {
    expect((await province.app.inject({ url: '/api/sync/status' })).statusCode).toBe(401);
    expect((await province.app.inject({ url: `/api/sync/pull?since=0`, headers: { 'x-yte-station': s1.id, 'x-yte-signature': 'AAAA' } })).statusCode).toBe(401);
  });
});
