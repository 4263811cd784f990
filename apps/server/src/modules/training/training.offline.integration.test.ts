/**
 * Lesson completions queued offline in the browser: the statement id minted there reaches the LRS
 * once, however many times the queue sends it; the finish time is the statement's timestamp.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { registerClient } from '../xapi/xapi.service.ts';

describe.each(ENGINES)('offline lesson completions on %s', (engine) => {
  let t: TestApp;
  let hoa: string;
  let lrs: Record<string, string>;
  const put = (lesson: string, body: object) => t.app.inject({ method: 'PUT', url: `/api/training/lessons/${lesson}/completion`, headers: { cookie: hoa, 'x-requested-with': 'XMLHttpRequest' }, payload: body });
  const statement = (id: string) => t.app.inject({ method: 'GET', url: `/xapi/statements?statementId=${id}`, headers: lrs });

  beforeAll(async () => {
    t = await openTestApp(engine);
    hoa = await t.login('dd.hoa');
    const [u] = await t.db.query<{ facility_id: string }>("SELECT (SELECT facility_id FROM user_facility f WHERE f.user_id = u.id ORDER BY facility_id LIMIT 1) AS facility_id FROM app_user u WHERE username = 'dd.hoa'");
    await registerClient(t.db, { key: `off-${engine}`, secret: 'off-secret', name: 'ministry LRS', facilityId: u!.facility_id });
    lrs = { authorization: `Basic ${Buffer.from(`off-${engine}:off-secret`).toString('base64')}`, 'x-experience-api-version': '1.0.3' };
  });
  afterAll(() => t.close());

  it('stores the queued completion under the browser-minted id and finish time, once, however often it is sent', async () => {
    const id = randomUUID();
    const at = new Date(Date.now() - 3 * 3600_000).toISOString();
    expect((await statement(id)).statusCode).toBe(404);
    const first = await put('m1-sens-spec-ppv', { lang: 'vi', statementId: id, at });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ id: 'm1-sens-spec-ppv', done: true, recorded: true, statementId: id });
    const s = await statement(id);
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({ id, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, actor: { account: { name: 'dd.hoa' } }, timestamp: at });
    // The queue sends it again (the answer was lost when the link dropped): nothing new is stored.
    const again = await put('m1-sens-spec-ppv', { lang: 'vi', statementId: id, at });
    expect(again.json()).toMatchObject({ recorded: false });
    // …nor under another id (a second device, or the lesson marked done online meanwhile).
    expect((await put('m1-sens-spec-ppv', { lang: 'en', statementId: randomUUID(), at })).json()).toMatchObject({ recorded: false });
    const n = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM training_event e JOIN app_user u ON u.id = e.user_id WHERE u.username = 'dd.hoa' AND e.object_id = 'm1-sens-spec-ppv'");
    expect(n[0]!.n).toBe(1);
  });

  it('refuses a bad id, a finish time in the future or older than 30 days, and an unknown lesson', async () => {
    const now = Date.now();
    expect((await put('m1-what-is-a-model', { lang: 'vi', statementId: 'not-a-uuid', at: new Date(now).toISOString() })).statusCode).toBe(400);
    const future = await put('m1-what-is-a-model', { lang: 'vi', statementId: randomUUID(), at: new Date(now + 3600_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'OFFLINE_TIME_FUTURE', field: 'at' });
    expect((await put('m1-what-is-a-model', { lang: 'vi', statementId: randomUUID(), at: new Date(now - 31 * 86_400_000).toISOString() })).json()).toMatchObject({ code: 'OFFLINE_TOO_OLD' });
    expect((await put('no-such-lesson', { lang: 'vi', statementId: randomUUID(), at: new Date(now).toISOString() })).statusCode).toBe(404);
    // None of them recorded anything.
    expect((await t.app.inject({ method: 'GET', url: '/api/training/lessons/m1-what-is-a-model', headers: { cookie: hoa } })).json()).toMatchObject({ done: false });
  });
});
