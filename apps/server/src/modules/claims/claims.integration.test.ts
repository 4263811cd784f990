/** Claims work list on a real database (PGlite and PostgreSQL). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnvelope, validateClaim } from '@yte/claims';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';

const csv = readFileSync(join(fileURLToPath(import.meta.url), '../../../../../../packages/claims/data/demo-catalogue.csv'), 'utf8');
type Json = Record<string, unknown>;

describe.each(ENGINES)('claims on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  let facilityId: string;
  const post = (url: string, payload: Json, cookie = admin) => t.app.inject({ method: 'POST', url, headers: { cookie }, payload });

  beforeAll(async () => {
    t = await openTestApp(engine);
    admin = await t.login('ql.hung');
    facilityId = ((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).json() as { facilities: Array<{ id: string }> }).facilities[0]!.id;
  });
  afterAll(() => t.close());

  it('a catalogue with a bad row is listed and nothing is imported; a good one is', async () => {
    const bad = await post('/api/claims/catalogue', { facilityId, csv: csv + 'VTYT,X1,Bơm,Cái,10,-5,1,100,1,20240101,\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'CATALOGUE_ROWS', field: 'csv' });
    expect((bad.json() as { details: Array<{ column: string }> }).details.map((d) => d.column).sort()).toEqual(['DON_GIA_BH', 'MA']);
    expect((await post('/api/claims/demo', { facilityId, count: 3 })).json()).toMatchObject({ code: 'NO_CATALOGUE' });
    const ok = await post('/api/claims/catalogue', { facilityId, csv });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 13 });
  });

  it('builds claims: the erroneous one is blocked with its rules, the others are ready; export, then the answer', async () => {
    const built = await post('/api/claims/demo', { facilityId, count: 4 });
    expect(built.json()).toEqual({ built: 4, states: { ready: 3, blocked: 1 } });
    const blocked = (await t.app.inject({ method: 'GET', url: `/api/claims?facilityId=${facilityId}&state=blocked`, headers: { cookie: admin } })).json() as Array<Json & { errors: Json[] }>;
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.errors.map((e) => e.rule).sort()).toEqual(['C-VALID', 'I-ICD']);
    const exp = await post('/api/claims/export', { facilityId, maCskcb: '01820' });
    expect(exp.json()).toMatchObject({ exported: 3 });
    const env = parseEnvelope((exp.json() as { envelope: string }).envelope);
    expect(env.records).toHaveLength(3);
    for (const r of env.records) expect(validateClaim(r)).toEqual([]);
    const maLks = env.records.map((r) => r.maLk);
    expect((await post('/api/claims/answer', { facilityId, answer: 'MA_LK,KET_QUA\nx,1' })).json()).toMatchObject({ code: 'ANSWER_MALFORMED' });
    expect((await post('/api/claims/answer', { facilityId, answer: `MA_LK,KET_QUA,LY_DO\n${maLks[0]},0,` })).json()).toMatchObject({ code: 'ANSWER_MALFORMED' });
    const ans = await post('/api/claims/answer', { facilityId, answer: `MA_LK,KET_QUA,LY_DO\n${maLks[0]},1,\n${maLks[1]},0,Sai giá dịch vụ\nNOPE,1,` });
    expect(ans.json()).toEqual({ accepted: 1, rejected: 1, unmatched: 1 });
    const all = (await t.app.inject({ method: 'GET', url: `/api/claims?facilityId=${facilityId}`, headers: { cookie: admin } })).json() as Json[];
    const byState = Object.fromEntries(['accepted', 'rejected', 'exported', 'blocked'].map((s) => [s, all.filter((c) => c.state === s).length]));
    expect(byState).toEqual({ accepted: 1, rejected: 1, exported: 1, blocked: 1 });
    expect(all.find((c) => c.state === 'rejected')).toMatchObject({ answerReason: 'Sai giá dịch vụ' });
  });

  it('only a facility admin of the facility may act', async () => {
    const nurse = await t.login('dd.hoa');
    expect((await post('/api/claims/demo', { facilityId, count: 1 }, nurse)).statusCode).toBe(403);
    const other = await t.login('yt.tuan');
    expect((await t.app.inject({ method: 'GET', url: `/api/claims?facilityId=${facilityId}`, headers: { cookie: other } })).statusCode).toBe(403);
  });
});
