/**
 * The LRS driven by an independent xAPI client, @xapi/xapi (xAPI.js, "fully compliant against
 * the xAPI Specification 1.0.0–1.0.3"), against the server listening on a free port: send, fetch,
 * query, page, void, attachments, state. Then the bad-input rules of issue 12 with plain fetch.
 * PGlite runs on the demo data (so the demo client demo-lrs / yte-demo is what is exercised);
 * PostgreSQL on a registered client without the demo data.
 */
import XAPI, { type Statement } from '@xapi/xapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed/demo.ts';
import { ENGINES, type Engine, openTestApp, type TestApp } from '../../testing/harness.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { DEMO_LRS_CLIENT, recordStatements, registerClient } from './xapi.service.ts';

const nurse = { objectType: 'Agent' as const, name: 'Trần Thị Hoa', mbox: 'mailto:dd.hoa@bvdk-tn.vn' };
const doctor = { objectType: 'Agent' as const, name: 'Nguyễn Thị Lan', mbox: 'mailto:bs.lan@bvdk-tn.vn' };
const EXPERIENCED = 'http://adlnet.gov/expapi/verbs/experienced';
const PASSED = 'http://adlnet.gov/expapi/verbs/passed';
const lesson = (n: number) => ({ objectType: 'Activity' as const, id: `https://yte.vn/xapi/training/module-1/lesson-${n}`, definition: { name: { vi: `Bài ${n}`, en: `Lesson ${n}` } } });
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe.each(ENGINES)('xAPI LRS with @xapi/xapi (%s)', (engine: Engine) => {
  let t: TestApp;
  let base: string;
  let xapi: XAPI;
  const auth = basic(DEMO_LRS_CLIENT.key, DEMO_PASSWORD);
  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM xapi_statement'))[0]!.n;
  const raw = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { authorization: auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json', ...init.headers } });

  beforeAll(async () => {
    t = await openTestApp(engine, { seed: engine === 'pglite' });
    if (engine === 'postgres') {
      const facility = uuidv7();
      await t.db.query("INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1, 'BVDK-TN', 'Bệnh viện', 'hospital', 'Thái Nguyên', 'Phường')", [facility]);
      await registerClient(t.db, { ...DEMO_LRS_CLIENT, secret: DEMO_PASSWORD, facilityId: facility });
    }
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    xapi = new XAPI({ endpoint: `${base}/xapi/`, auth: XAPI.toBasicAuth(DEMO_LRS_CLIENT.key, DEMO_PASSWORD), version: '1.0.3' });
  });
  afterAll(() => t?.close());

  it('serves /about with the 1.0.3 version', async () => {
    const about = await xapi.getAbout();
    expect(about.data.version).toContain('1.0.3');
  });

  it('stores a statement and returns it with id, stored and the client as authority', async () => {
    const sent = await xapi.sendStatement({ statement: { actor: nurse, verb: { id: EXPERIENCED, display: { vi: 'đã học' } }, object: lesson(1) } });
    const [id] = sent.data;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await xapi.getStatement({ statementId: id! });
    expect(got.data.id).toBe(id);
    expect(got.data.actor).toEqual(nurse);
    expect(got.data.stored).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(got.data.authority).toMatchObject({ account: { name: 'demo-lrs' } });
    expect(got.headers['x-experience-api-consistent-through']).toBeTruthy();
  });

  it('queries by agent, verb and activity, and pages with `more`', async () => {
    const batch: Statement[] = [1, 2, 3, 4, 5].map((n) => ({ actor: doctor, verb: { id: EXPERIENCED }, object: lesson(n) }));
    batch.push({ actor: doctor, verb: { id: PASSED }, object: lesson(5), result: { score: { scaled: 0.85 }, success: true } });
    const ids = (await xapi.sendStatements({ statements: batch })).data;
    expect(ids).toHaveLength(6);

    const byVerb = await xapi.getStatements({ agent: doctor, verb: PASSED });
    expect(byVerb.data.statements.map((s) => s.id)).toEqual([ids[5]]);
    const byActivity = await xapi.getStatements({ activity: lesson(1).id });
    expect(byActivity.data.statements.map((s) => s.actor)).toEqual(expect.arrayContaining([nurse, doctor]));

    // Newest first by default; limit 2 → 3 pages for the doctor's 6 statements.
    const seen: string[] = [];
    let page = (await xapi.getStatements({ agent: doctor, limit: 2 })).data;
    seen.push(...page.statements.map((s) => s.id!));
    while (page.more) {
      page = (await xapi.getMoreStatements({ more: page.more })).data as typeof page;
      seen.push(...page.statements.map((s) => s.id!));
    }
    expect(seen).toEqual([...ids].reverse());
    const asc = await xapi.getStatements({ agent: doctor, ascending: true, limit: 1 });
    expect(asc.data.statements[0]!.id).toBe(ids[0]);

    const activity = await xapi.getActivity({ activityId: lesson(2).id });
    expect(activity.data.definition?.name).toEqual({ vi: 'Bài 2', en: 'Lesson 2' });
  });

  it('voids a statement: hidden from statementId and queries, served by voidedStatementId', async () => {
    const [target] = (await xapi.sendStatement({ statement: { actor: nurse, verb: { id: PASSED }, object: lesson(9) } })).data;
    const [voiding] = (await xapi.voidStatement({ actor: nurse, statementId: target! })).data;
    await expect(xapi.getStatement({ statementId: target! })).rejects.toMatchObject({ response: { status: 404 } });
    expect((await xapi.getVoidedStatement({ voidedStatementId: target! })).data.id).toBe(target);
    const list = await xapi.getStatements({ activity: lesson(9).id });
    // Communication 2.1.3: the voiding statement targets a matching statement, so it is returned.
    expect(list.data.statements.map((s) => s.id)).toEqual([voiding]);
    // A voiding statement cannot itself be voided.
    const again = await raw('/xapi/statements', { method: 'POST', body: JSON.stringify({ actor: nurse, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: voiding } }) });
    expect(again.status).toBe(400);
  });

  it('takes an attachment in multipart/mixed and returns it with attachments=true', async () => {
    const bytes = new TextEncoder().encode('Chứng nhận hoàn thành mô-đun 1');
    const { createHash } = await import('node:crypto');
    const statement: Statement = {
      actor: nurse, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: lesson(10),
      attachments: [{ usageType: 'http://id.tincanapi.com/attachment/certificate-of-completion', display: { vi: 'Chứng nhận' }, contentType: 'text/plain', length: bytes.byteLength, sha2: createHash('sha256').update(bytes).digest('hex') }],
    };
    // The library's axios adapter relabels a Blob body as application/octet-stream under Node;
    // its fetch adapter sends the multipart/mixed body as built.
    const viaFetch = new XAPI({ endpoint: `${base}/xapi/`, auth: XAPI.toBasicAuth(DEMO_LRS_CLIENT.key, DEMO_PASSWORD), adapter: 'fetch' });
    const [id] = (await viaFetch.sendStatement({ statement, attachments: [bytes.buffer] })).data;
    const res = await raw(`/xapi/statements?statementId=${id}&attachments=true`);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/);
    expect(await res.text()).toContain('Chứng nhận hoàn thành mô-đun 1');
  });

  it('keeps state documents per activity and agent', async () => {
    await xapi.setState({ agent: nurse, activityId: lesson(3).id, stateId: 'bookmark', state: { page: 4 } });
    await xapi.createState({ agent: nurse, activityId: lesson(3).id, stateId: 'bookmark', state: { scroll: 0.5 } });
    const got = await xapi.getState({ agent: nurse, activityId: lesson(3).id, stateId: 'bookmark' });
    expect(got.data).toEqual({ page: 4, scroll: 0.5 });
  });

  it('records the platform\'s own statements (training module) under a client nobody can log in as', async () => {
    const [f] = await t.db.query<{ facility_id: string }>("SELECT facility_id FROM xapi_client WHERE key = 'demo-lrs'");
    const [id] = await recordStatements(t.db, f!.facility_id, [{ actor: nurse, verb: { id: PASSED }, object: lesson(20) }], new Date());
    const got = await xapi.getStatement({ statementId: id! });
    expect(got.data.authority).toMatchObject({ account: { name: `yte-platform-${f!.facility_id}` } });
    const login = await fetch(`${base}/xapi/statements`, { headers: { authorization: basic(`yte-platform-${f!.facility_id}`, '!'), 'x-experience-api-version': '1.0.3' } });
    expect(login.status).toBe(401);
  });

  it('a client of another facility sees none of these statements', async () => {
    const other = uuidv7();
    await t.db.query("INSERT INTO facility (id, code, name, kind, province, commune) VALUES ($1, 'XAPI-OTHER', 'Trạm khác', 'station', 'Thái Nguyên', 'Xã')", [other]);
    await registerClient(t.db, { key: 'other-lrs', secret: 'other-secret', name: 'other', facilityId: other });
    const [mine] = (await xapi.sendStatement({ statement: { actor: nurse, verb: { id: PASSED }, object: lesson(30) } })).data;
    const h = { authorization: basic('other-lrs', 'other-secret'), 'x-experience-api-version': '1.0.3' };
    expect((await fetch(`${base}/xapi/statements?statementId=${mine}`, { headers: h })).status).toBe(404);
    const list = (await (await fetch(`${base}/xapi/statements`, { headers: h })).json()) as { statements: unknown[] };
    expect(list.statements).toEqual([]);
  });

  describe('bad input: 400 with the reason and nothing stored', () => {
    const good = () => ({ actor: nurse, verb: { id: EXPERIENCED }, object: lesson(1) });
    it.each([
      ['no actor', () => { const s: Record<string, unknown> = good(); delete s.actor; return s; }, /actor: is required/],
      ['no verb', () => { const s: Record<string, unknown> = good(); delete s.verb; return s; }, /verb: is required/],
      ['a bad IRI', () => ({ ...good(), verb: { id: 'đã học' } }), /verb\.id: must be an absolute IRI/],
      ['a batch with one bad statement', () => [good(), { ...good(), object: { id: 'lesson 1' } }], /statements\[1\]\.object\.id/],
    ])('%s', async (_n, body, reason) => {
      const before = await count();
      const res = await raw('/xapi/statements', { method: 'POST', body: JSON.stringify(body()) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(reason);
      expect(await count()).toBe(before);
    });

    it('a wrong or missing version header', async () => {
      const before = await count();
      const wrong = await raw('/xapi/statements', { method: 'POST', body: JSON.stringify(good()), headers: { 'x-experience-api-version': '2.0.0' } });
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { code: string }).code).toBe('XAPI_VERSION_UNSUPPORTED');
      const missing = await fetch(`${base}/xapi/statements`, { method: 'POST', body: JSON.stringify(good()), headers: { authorization: auth, 'content-type': 'application/json' } });
      expect(missing.status).toBe(400);
      expect(await count()).toBe(before);
    });

    it('the same id with different content is 409; with the same content 204', async () => {
      const id = '3f5c4a2e-9a7b-4c1d-8e2f-0a1b2c3d4e5f';
      expect((await raw(`/xapi/statements?statementId=${id}`, { method: 'PUT', body: JSON.stringify(good()) })).status).toBe(204);
      expect((await raw(`/xapi/statements?statementId=${id}`, { method: 'PUT', body: JSON.stringify(good()) })).status).toBe(204);
      const conflict = await raw(`/xapi/statements?statementId=${id}`, { method: 'PUT', body: JSON.stringify({ ...good(), verb: { id: PASSED } }) });
      expect(conflict.status).toBe(409);
      expect((await xapi.getStatement({ statementId: id })).data.verb.id).toBe(EXPERIENCED);
    });

    it('the same statement sent concurrently is stored once, every sender answered 204', async () => {
      const id = 'a1b2c3d4-0000-4000-8000-000000000001';
      const codes = await Promise.all([1, 2, 3, 4].map(() => raw(`/xapi/statements?statementId=${id}`, { method: 'PUT', body: JSON.stringify(good()) }).then((r) => r.status)));
      expect(codes).toEqual([204, 204, 204, 204]);
      expect((await t.db.query('SELECT 1 FROM xapi_statement WHERE id = $1', [id])).length).toBe(1);
    });

    it('wrong credentials are 401 and an unknown parameter is 400', async () => {
      const res = await fetch(`${base}/xapi/statements`, { headers: { authorization: basic('demo-lrs', 'wrong'), 'x-experience-api-version': '1.0.3' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
      expect((await raw('/xapi/statements?colour=blue')).status).toBe(400);
    });
  });
});
