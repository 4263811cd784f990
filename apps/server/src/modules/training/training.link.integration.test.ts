/**
 * Linking imported learners to accounts: automatically on import, when an admin records an
 * account's identifiers, and when the account opens its training; by hand (link, replace, unlink);
 * ambiguous matches are left to an admin; every link is audited; progress follows the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { ENROLMENT_HEADER, enrolmentRow } from './enrolment.fixture.ts';

const nid = (row: string) => row.split(',')[0]!;

describe.each(ENGINES)('training learner ↔ account links on %s', (engine) => {
  let t: TestApp;
  let hung: string;
  const ids = new Map<string, string>();
  const rows = Array.from({ length: 8 }, (_, i) => enrolmentRow(i, 'BVDK-TN', 500));
  const send = (method: 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie, 'x-requested-with': 'XMLHttpRequest' }, ...(payload ? { payload } : {}) });
  const learner = async (nationalId: string) => (await t.db.query<{ user_id: string | null; link_method: string | null; role: string; province: string }>(
    'SELECT user_id, link_method, role, province FROM training_learner WHERE national_id = $1', [nationalId]))[0]!;
  const audits = async (nationalId: string) => t.db.query<{ action: string; user_id: string | null; details: unknown }>(
    "SELECT action, user_id, details FROM audit_log WHERE resource_type = 'TrainingLearner' AND resource_id = $1 ORDER BY seq", [nationalId]);

  beforeAll(async () => {
    t = await openTestApp(engine);
    hung = await t.login('ql.hung');
    for (const u of await t.db.query<{ id: string; username: string }>('SELECT id, username FROM app_user')) ids.set(u.username, u.id);
  });
  afterAll(async () => { await t.close(); });

  it('an account whose CCCD is known is linked on import (audited); a bad e-mail in the file is refused per row', async () => {
    const set = await send('PUT', `/api/training/accounts/${ids.get('bs.lan')}/identifiers`, hung, { nationalId: nid(rows[0]!) });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ userId: ids.get('bs.lan'), linked: null }); // not enrolled yet

    const bad = await send('POST', '/api/training/enrolments/import', hung, { csv: [`${ENROLMENT_HEADER},email,employee_id`, `${rows[1]},not-an-email,`].join('\n') });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.errors).toEqual([expect.objectContaining({ row: 2, field: 'email', code: 'BAD_EMAIL' })]);

    const csv = [`${ENROLMENT_HEADER},email,employee_id`,
      `${rows[0]},,`, `${rows[1]},,NV-0042`, `${rows[2]},minh.le@bvdk-tn.example.vn,`, `${rows[3]},,`,
      `${rows[4]},chung@bvdk-tn.example.vn,`, `${rows[5]},Chung@BVDK-TN.example.vn,`, `${rows[6]},,`].join('\r\n');
    const res = await send('POST', '/api/training/enrolments/import', hung, { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ imported: 7, linked: 1 });
    expect(await learner(nid(rows[0]!))).toMatchObject({ user_id: ids.get('bs.lan'), link_method: 'national_id' });
    expect(await audits(nid(rows[0]!))).toEqual([expect.objectContaining({ action: 'link', user_id: null, details: expect.objectContaining({ method: 'national_id', automatic: true, accountId: ids.get('bs.lan') }) })]);
  });

  it('progress follows the account: a pre-test taken before the link shows in the learner group once the admin records the employee id', async () => {
    const hoa = await t.login('dd.hoa');
    const a = (await send('POST', '/api/training/modules/m1-intro/tests', hoa, { phase: 'pre' })).json();
    const answers = Object.fromEntries((a.items as Array<{ questionId: string; options: Array<{ id: string }> }>).map((i) => [i.questionId, [i.options[0]!.id]]));
    const submitted = await send('POST', `/api/training/attempts/${a.id}/submit`, hoa, { answers });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const l = await learner(nid(rows[1]!));
    const group = async () => ((await t.app.inject({ method: 'GET', url: `/api/training/dashboard?province=${encodeURIComponent(l.province)}&role=${l.role}`, headers: { cookie: hung } })).json().groups as any[])[0];
    const before = await group();
    expect(before.gain.find((m: any) => m.moduleId === 'm1-intro')).toBeUndefined();

    const set = await send('PUT', `/api/training/accounts/${ids.get('dd.hoa')}/identifiers`, hung, { employeeId: 'NV-0042' });
    expect(set.json()).toEqual({ userId: ids.get('dd.hoa'), linked: { nationalId: nid(rows[1]!), method: 'employee_id' } });
    const after = await group();
    expect(after.started).toBe(before.started + 1);
    expect(after.gain.find((m: any) => m.moduleId === 'm1-intro').pre).toBeCloseTo(submitted.json().score, 6);
    // The same identifier on a second account → 409, nothing changed.
    const dup = await send('PUT', `/api/training/accounts/${ids.get('bs.minh')}/identifiers`, hung, { employeeId: 'NV-0042' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('ACCOUNT_IDENTIFIER_TAKEN');
  });

  it('an account that gains a matching e-mail later is linked when it opens its training; an ambiguous e-mail is left to an admin', async () => {
    await t.db.query("UPDATE app_user SET email = 'minh.le@bvdk-tn.example.vn' WHERE username = 'bs.minh'");
    const minh = await t.login('bs.minh');
    expect((await t.app.inject({ method: 'GET', url: '/api/training/me', headers: { cookie: minh } })).statusCode).toBe(200);
    expect(await learner(nid(rows[2]!))).toMatchObject({ user_id: ids.get('bs.minh'), link_method: 'email' });
    expect((await audits(nid(rows[2]!))).map((a) => a.action)).toEqual(['link']);

    await t.db.query("UPDATE app_user SET email = 'chung@bvdk-tn.example.vn' WHERE username = 'qt.mai'");
    const mai = await t.login('qt.mai');
    expect((await t.app.inject({ method: 'GET', url: '/api/training/me', headers: { cookie: mai } })).statusCode).toBe(200);
    expect((await learner(nid(rows[4]!))).user_id).toBeNull(); // two learners carry this e-mail
    expect((await learner(nid(rows[5]!))).user_id).toBeNull();
  });

  it('by hand: link, 409 when the account or the learner is taken, replace, unlink — all audited; a nurse cannot', async () => {
    const mai = ids.get('qt.mai')!;
    const link = (n: string, body: object) => send('POST', `/api/training/learners/${n}/link`, hung, body);
    const ok = await link(nid(rows[4]!), { userId: mai });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ nationalId: nid(rows[4]!), userId: mai, method: 'admin', changed: true });
    expect(await learner(nid(rows[4]!))).toMatchObject({ user_id: mai, link_method: 'admin' });
    expect((await link(nid(rows[5]!), { userId: mai })).json()).toMatchObject({ code: 'TRAINING_ACCOUNT_LINKED' });
    const taken = await link(nid(rows[4]!), { userId: ids.get('yt.tuan') });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('TRAINING_LEARNER_LINKED');
    expect((await link(nid(rows[4]!), { userId: ids.get('yt.tuan'), replace: true })).statusCode).toBe(200);
    expect((await learner(nid(rows[4]!))).user_id).toBe(ids.get('yt.tuan'));
    const un = await send('DELETE', `/api/training/learners/${nid(rows[4]!)}/link`, hung);
    expect(un.statusCode, un.body).toBe(200);
    expect((await learner(nid(rows[4]!))).user_id).toBeNull();
    expect((await send('DELETE', `/api/training/learners/${nid(rows[4]!)}/link`, hung)).statusCode).toBe(409);
    expect((await audits(nid(rows[4]!))).map((a) => [a.action, a.user_id])).toEqual([
      ['link', ids.get('ql.hung')], ['unlink', ids.get('ql.hung')], ['link', ids.get('ql.hung')], ['unlink', ids.get('ql.hung')],
    ]);
    expect((await link(nid(rows[6]!), { userId: '01932c4e-0000-7000-8000-0000000000ff' })).json()).toMatchObject({ code: 'TRAINING_LINK_ACCOUNT' });
    expect((await link('019999999999', { userId: mai })).statusCode).toBe(404);
    const hoa = await t.login('dd.hoa');
    expect((await send('POST', `/api/training/learners/${nid(rows[6]!)}/link`, hoa, { userId: mai })).statusCode).toBe(403);

    const list = (await t.app.inject({ method: 'GET', url: '/api/training/learners?linked=true', headers: { cookie: hung } })).json();
    expect(list.learners.map((l: any) => [l.nationalId, l.linkMethod]).sort()).toEqual(
      [[nid(rows[0]!), 'national_id'], [nid(rows[1]!), 'employee_id'], [nid(rows[2]!), 'email']].sort());
    expect(list.total).toBe(3);
  });
});
