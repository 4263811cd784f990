import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp, testConfig } from '../../testing/harness.ts';
import { verifyAuditChain } from '../audit/audit.repo.ts';
import { trainingContent } from './training.content.ts';
import { registerClient } from '../xapi/xapi.service.ts';
import { onPathCompleted, type PathCompleted } from './training.events.ts';

interface Item { questionId: string; type: string; options: Array<{ id: string }> }
interface Attempt { id: string; kind: string; items?: Item[]; score: number | null; passed: boolean | null; result: any; exercise?: any }

const { content, questions } = trainingContent();
const key = (qid: string) => questions.get(qid)!.answer;
const wrong = (qid: string) => [questions.get(qid)!.options.find((o) => !key(qid).includes(o.id))!.id];
const nihDir = join(testConfig().sharedDir, 'datasets/nih-chestxray14-sample');
const hasNih = existsSync(join(nihDir, 'labels.csv'));

describe.each(ENGINES)('training programme on %s', (engine) => {
  let t: TestApp;
  let tuan: string; // station staff
  let hung: string; // facility admin (programme manager / lecturer view)
  const completed: PathCompleted[] = [];
  let off: () => void;

  const call = async (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: { cookie, 'x-requested-with': 'XMLHttpRequest' }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() as any };
  };
  const startTest = (cookie: string, mod: string, phase: 'pre' | 'post') => call(cookie, 'POST', `/api/training/modules/${mod}/tests`, { phase });
  const submit = (cookie: string, a: Attempt, nRight: number) =>
    call(cookie, 'POST', `/api/training/attempts/${a.id}/submit`, { answers: Object.fromEntries(a.items!.map((i, k) => [i.questionId, k < nRight ? key(i.questionId) : wrong(i.questionId)])) });
  const passModule = async (cookie: string, mod: string) => {
    const pre = (await startTest(cookie, mod, 'pre')).body as Attempt;
    if (pre.id) await submit(cookie, pre, 3);
    const post = (await startTest(cookie, mod, 'post')).body as Attempt;
    const r = await submit(cookie, post, post.items!.length);
    expect(r.body.passed).toBe(true);
  };

  beforeAll(async () => {
    t = await openTestApp(engine);
    tuan = await t.login('yt.tuan');
    hung = await t.login('ql.hung');
    off = onPathCompleted((e) => { completed.push(e); });
  });
  afterAll(async () => { off(); await t.close(); });

  it("shows a station worker her role path: required NEWS2 and privacy exercises, module post-tests, nothing done", async () => {
    const { status, body } = await call(tuan, 'GET', '/api/training/me');
    expect(status).toBe(200);
    expect(body.roles.map((r: any) => r.id)).toEqual(['station_staff']);
    const req = body.items.filter((i: any) => i.required).map((i: any) => i.id);
    expect(req).toEqual(expect.arrayContaining(['m1-sens-spec-ppv', 'm4-privacy-law', 'ex-news2-deterioration', 'ex-privacy-breach', 'm1-intro:post']));
    expect(req).not.toContain('ex-cxr-reading');
    expect(body.progress).toMatchObject({ requiredDone: 0, percent: 0, complete: false });
    expect(body.reliance).toBeNull();
  });

  it('serves a lesson in both languages and marks it done once (one learning event)', async () => {
    const l = await call(tuan, 'GET', '/api/training/lessons/m1-sens-spec-ppv');
    expect(l.status).toBe(200);
    expect(l.body.vi.body).toContain('14,6 %');
    expect(l.body.en.title).toMatch(/Sensitivity/);
    expect(l.body).toMatchObject({ done: false, previous: 'm1-what-is-a-model', next: 'm1-rules-vs-models', figures: ['figures/ppv-vs-prevalence.svg'] });
    for (let i = 0; i < 2; i++) expect((await call(tuan, 'POST', '/api/training/lessons/m1-sens-spec-ppv/complete', { lang: 'vi' })).status).toBe(200);
    const ev = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM training_event WHERE verb = 'completed' AND object_type = 'lesson' AND object_id = 'm1-sens-spec-ppv'");
    expect(ev[0]!.n).toBe(1);
    const fig = await t.app.inject({ method: 'GET', url: '/api/training/figures/ppv-vs-prevalence.svg', headers: { cookie: tuan } });
    expect(fig.statusCode).toBe(200);
    expect(fig.headers['content-type']).toContain('image/svg+xml');
    expect((await call(tuan, 'GET', '/api/training/lessons/no-such-lesson')).status).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/training/figures/..%2Fcurriculum.yaml', headers: { cookie: tuan } })).statusCode).toBe(400);
  });

  it('pre-test first; a seeded draw of 10 items with shuffled options, resumed not redrawn, taken once, keys not revealed', async () => {
    const early = await startTest(tuan, 'm1-intro', 'post');
    expect(early).toMatchObject({ status: 409, body: { code: 'PRE_TEST_FIRST' } });
    const a = (await startTest(tuan, 'm1-intro', 'pre')).body as Attempt;
    expect(a.items).toHaveLength(content.curriculum.preTestItems);
    expect(new Set(a.items!.map((i) => i.questionId)).size).toBe(10);
    for (const i of a.items!) expect(i.options.map((o) => o.id).sort()).toEqual(questions.get(i.questionId)!.options.map((o) => o.id).sort());
    expect(JSON.stringify(a)).not.toContain('"answer"');
    const again = (await startTest(tuan, 'm1-intro', 'pre')).body as Attempt;
    expect(again.id).toBe(a.id);
    expect(again.items).toEqual(a.items);
    // The stored seed rebuilds the same draw.
    const row = (await t.db.query<{ seed: string }>('SELECT seed FROM training_attempt WHERE id = $1', [a.id]))[0]!;
    const { drawTest } = await import('@yte/training');
    expect(drawTest(content.banks.get('m1-intro')!, 10, row.seed).map((d) => d.questionId)).toEqual(a.items!.map((i) => i.questionId));

    const bad = await call(tuan, 'POST', `/api/training/attempts/${a.id}/submit`, { answers: { 'm9-q99': ['a'] } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'UNKNOWN_QUESTION' } });
    const r = await submit(tuan, a, 4);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ score: 0.4, passed: null, result: { correct: 4, total: 10 } });
    expect(r.body.result.items[0].answer).toBeUndefined();
    expect((await submit(tuan, a, 10)).body.code).toBe('ALREADY_SUBMITTED');
    expect((await startTest(tuan, 'm1-intro', 'pre')).body.code).toBe('PRE_TEST_DONE');
    // Somebody else's attempt is not yours.
    expect((await call(hung, 'GET', `/api/training/attempts/${a.id}`)).status).toBe(403);
  });

  it('post-test: 80 % pass mark, explanations after submission, at most 3 attempts a day, none after passing', async () => {
    const a1 = (await startTest(tuan, 'm1-intro', 'post')).body as Attempt;
    expect(a1.items).toHaveLength(15);
    const r1 = await submit(tuan, a1, 11); // 11/15 = 73 %
    expect(r1.body).toMatchObject({ passed: false, result: { correct: 11, passMark: 0.8 } });
    expect(r1.body.result.items[0].explanation.vi).toBeTruthy();
    const a2 = (await startTest(tuan, 'm1-intro', 'post')).body as Attempt;
    expect(a2.id).not.toBe(a1.id);
    expect(a2.items!.map((i) => i.questionId)).not.toEqual(a1.items!.map((i) => i.questionId));
    const r2 = await submit(tuan, a2, 12); // 12/15 = 80 %
    expect(r2.body).toMatchObject({ passed: true, score: 0.8 });
    expect((await startTest(tuan, 'm1-intro', 'post')).body.code).toBe('ALREADY_PASSED');

    // Another module: three failures in a day close the post-test until tomorrow.
    const pre = (await startTest(tuan, 'm3-prompting', 'pre')).body as Attempt;
    await submit(tuan, pre, 5);
    for (let i = 0; i < 3; i++) {
      const a = (await startTest(tuan, 'm3-prompting', 'post')).body as Attempt;
      await submit(tuan, a, 2);
    }
    expect((await startTest(tuan, 'm3-prompting', 'post')).body).toMatchObject({ code: 'RETAKE_LIMIT', messageVi: expect.stringContaining('Tối đa 3') });
  });

  it('decision exercise: scored against the expected answers, explanations after submission', async () => {
    const a = (await call(tuan, 'POST', '/api/training/exercises/ex-privacy-breach/attempts')).body as Attempt;
    expect(a.exercise.steps[0].answer).toBeUndefined();
    const bad = await call(tuan, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, { answers: { s1: 'z' } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'UNKNOWN_OPTION' } });
    const ex = content.exercises.get('ex-privacy-breach')!;
    if (ex.kind !== 'decisions') throw new Error('fixture');
    const r = await call(tuan, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, { answers: Object.fromEntries(ex.steps.map((s) => [s.id, s.answer])) });
    expect(r.body).toMatchObject({ passed: true, score: 1 });
    expect(r.body.exercise.steps[0].explanation.en).toBeTruthy();
  });

  it.skipIf(!hasNih)('CXR reading (needs ../shared/datasets/nih-chestxray14-sample): a reader who follows the AI scores 100 % over-reliance and sees it on her page', async () => {
    const a = (await call(tuan, 'POST', '/api/training/exercises/ex-cxr-reading/attempts')).body as Attempt;
    const cases = a.exercise.cases as Array<{ caseId: string; image: string; ai: { present: boolean }; reference?: boolean }>;
    expect(cases).toHaveLength(12);
    expect(cases[0]!.reference).toBeUndefined();
    const img = await t.app.inject({ method: 'GET', url: cases[0]!.image, headers: { cookie: tuan } });
    expect(img.statusCode).toBe(200);
    expect(img.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8])); // JPEG
    expect((await t.app.inject({ method: 'GET', url: '/api/training/cxr-images/..%2Flabels.csv', headers: { cookie: tuan } })).statusCode).toBe(404);
    const missing = await call(tuan, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, { calls: { c1: true } });
    expect(missing).toMatchObject({ status: 400, body: { code: 'UNANSWERED' } });
    const truth = (await t.db.query<{ items: Array<{ caseId: string; reference: boolean }> }>('SELECT items FROM training_attempt WHERE id = $1', [a.id]))[0]!.items;
    const r = await call(tuan, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, {
      calls: Object.fromEntries(cases.map((c) => [c.caseId, c.ai.present])),
      firstCalls: Object.fromEntries(truth.map((c) => [c.caseId, c.reference])), // read right first, then followed the AI
    });
    expect(r.body.result).toMatchObject({ accuracy: 0.75, overReliance: 1, underReliance: 0, aiWrong: 3, passed: false, firstRead: { accuracy: 1, switchedToWrongAi: 3, switchedToRightAi: 0 } });
    expect(r.body.exercise.cases.filter((c: any) => c.aiWrong)).toHaveLength(3);
    const me = (await call(tuan, 'GET', '/api/training/me')).body;
    expect(me.reliance).toMatchObject({ overReliance: 1, underReliance: 0, followedWrongAi: 3 });
    expect((await call(hung, 'GET', '/api/training/reliance')).body).toMatchObject({ learners: 1, overReliance: 1 });
  });

  it('completing every required item completes the path once and calls the badge hook', async () => {
    const me = (await call(tuan, 'GET', '/api/training/me')).body;
    for (const i of me.items.filter((x: any) => x.required && !x.done)) {
      if (i.kind === 'lesson') await call(tuan, 'POST', `/api/training/lessons/${i.id}/complete`, { lang: 'vi' });
      else if (i.kind === 'post-test') await passModule(tuan, i.module);
      else {
        const ex = content.exercises.get(i.id)!;
        if (ex.kind !== 'decisions') throw new Error('station path has decision exercises only');
        const a = (await call(tuan, 'POST', `/api/training/exercises/${i.id}/attempts`)).body as Attempt;
        await call(tuan, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, { answers: Object.fromEntries(ex.steps.map((s) => [s.id, s.answer])) });
      }
    }
    const after = (await call(tuan, 'GET', '/api/training/me')).body;
    expect(after.progress).toMatchObject({ percent: 100, complete: true });
    const mine = completed.filter((e) => e.roles.includes('station_staff'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.items).toEqual(expect.arrayContaining(['ex-news2-deterioration', 'm4-responsible:post']));
    // Reading an optional lesson afterwards does not complete the path again.
    await call(tuan, 'POST', '/api/training/lessons/m3-prompt-structure/complete', { lang: 'en' });
    expect(completed.filter((e) => e.roles.includes('station_staff'))).toHaveLength(1);
  });

  it("every learning event of the path is an xAPI statement the facility's LRS client can query, and the path's badge verifies", async () => {
    const [u] = await t.db.query<{ id: string; facility_id: string }>(
      "SELECT u.id, (SELECT facility_id FROM user_facility f WHERE f.user_id = u.id ORDER BY facility_id LIMIT 1) AS facility_id FROM app_user u WHERE username = 'yt.tuan'");
    await registerClient(t.db, { key: `lrs-${engine}`, secret: 'lrs-secret', name: 'facility LMS', facilityId: u!.facility_id });
    const events = await t.db.query<{ id: string; verb: string; object_type: string }>('SELECT id, verb, object_type FROM training_event WHERE user_id = $1', [u!.id]);
    expect(events.length).toBeGreaterThan(10);
    const auth = { authorization: `Basic ${Buffer.from(`lrs-${engine}:lrs-secret`).toString('base64')}`, 'x-experience-api-version': '1.0.3' };
    const agent = JSON.stringify({ account: { homePage: t.app.config.publicUrl ?? `http://${t.app.config.host}:${t.app.config.port}`, name: 'yt.tuan' } });
    const got: any[] = [];
    let url = `/xapi/statements?agent=${encodeURIComponent(agent)}&limit=100`;
    for (let guard = 0; url && guard < 20; guard++) {
      const res = await t.app.inject({ method: 'GET', url, headers: auth });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { statements: any[]; more?: string };
      got.push(...body.statements);
      url = body.more ?? '';
    }
    // One statement per event, with the event's id; ADL verbs; activity ids under the public URL.
    expect(new Set(got.map((s) => s.id))).toEqual(new Set(events.map((e) => e.id)));
    const verbs = new Set(got.map((s) => s.verb.id));
    for (const v of ['experienced', 'answered', 'passed', 'completed']) expect(verbs).toContain(`http://adlnet.gov/expapi/verbs/${v}`);
    expect(got.every((s) => /^https?:\/\/.+\/training\/(lesson|pre-test|post-test|exercise|path)\//.test(s.object.id))).toBe(true);
    const path = got.find((s) => s.object.definition?.type === 'http://adlnet.gov/expapi/activities/course');
    expect(path.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    const post = got.find((s) => s.verb.id.endsWith('/passed') && s.object.id.includes('/post-test/'));
    expect(post.result).toMatchObject({ success: true, completion: true });
    expect(post.result.score.scaled).toBeGreaterThanOrEqual(0.8);

    // The role path's badge: exactly one, issued to this learner, verifying on this server.
    const badges = await t.db.query<{ id: string; achievement_id: string }>('SELECT id, achievement_id FROM badge WHERE learner_user_id = $1', [u!.id]);
    expect(badges).toHaveLength(1);
    expect(badges[0]!.achievement_id).toMatch(/\/training\/path\/path%3Astation_staff$/);
    const v = await t.app.inject({ method: 'GET', url: `/api/badges/${badges[0]!.id}/verify` });
    expect(v.statusCode).toBe(200);
    expect(v.json().outcome).toMatchObject({ valid: true });
  });

  it('item analysis and pre→post gain for the programme manager; not for learners', async () => {
    expect((await call(tuan, 'GET', '/api/training/analysis/m1-intro')).status).toBe(403);
    const { status, body } = await call(hung, 'GET', '/api/training/analysis/m1-intro');
    expect(status).toBe(200);
    expect(body.attempts).toBe(3); // one pre-test, two post-tests
    expect(body.gain).toMatchObject({ learners: 1, preMean: 0.4 });
    // First post-test 11/15: gain = 11/15 − 0.4.
    expect(body.gain.postMean).toBeCloseTo(11 / 15, 10);
    expect(body.gain.normalisedGain).toBeCloseTo((11 / 15 - 0.4) / 0.6, 10);
    expect(body.items.every((i: any) => i.n >= 1 && i.difficulty >= 0 && i.difficulty <= 1)).toBe(true);
  });

  describe('AI tools unlocked by training', () => {
    let minh: string; // radiologist at the hospital
    let mai: string; // governance officer
    let studyId: string;
    let hospitalId: string;
    let minhId: string;
    let patientId: string;
    const TOOL = 'cxr-train-gated';
    const SUGG = '01900000-0000-7000-8000-00000000c0df';
    const patientSuggestions = async () => ((await call(minh, 'GET', `/api/patients/${patientId}/suggestions`)).body as Array<{ id: string }>).filter((x) => x.id === SUGG);

    beforeAll(async () => {
      minh = await t.login('bs.minh');
      mai = await t.login('qt.mai');
      hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
      minhId = (await t.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'bs.minh'"))[0]!.id;
      patientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [hospitalId]))[0]!.id;
      studyId = '01900000-0000-7000-8000-00000000c0de';
      await t.db.query("INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ($1, 'CXR (training gate test)', 'vendor', '1', 'high')", [TOOL]);
      await t.db.query("INSERT INTO imaging_study (id, facility_id, study_uid, patient_id, match_state, status, received_at) VALUES ($1,$2,'1.2.3.999',$3,'matched','analysed',now())", [studyId, hospitalId, patientId]);
      await t.db.query("INSERT INTO imaging_setting (facility_id, first_impression_required) VALUES ($1, false) ON CONFLICT (facility_id) DO UPDATE SET first_impression_required = false", [hospitalId]);
      await t.db.query(`INSERT INTO suggestion (id, tool_id, tool_version, kind, patient_id, facility_id, subject_ref, inputs, inputs_hash, output, explanation, summary, summary_vi, severity, score, visibility, created_at)
        VALUES ('01900000-0000-7000-8000-00000000c0df', $1, '1', 'vendor', $2, $3, $4, '{}', 'h', '{"label":"Effusion","probability":0.9}', '[]', 'Effusion', 'Tràn dịch', 'warning', 0.9, 'visible', now())`,
        [TOOL, patientId, hospitalId, `ImagingStudy/${studyId}`]);
    });
    const study = async () => (await call(minh, 'GET', `/api/imaging/studies/${studyId}`)).body;

    it('a tool without a requirement shows its outputs', async () => {
      expect((await study()).findings).toHaveLength(1);
      expect(await patientSuggestions()).toHaveLength(1);
    });

    it('the governance officer names the training; a reader without it sees no output and is told what to take', async () => {
      expect((await call(minh, 'PUT', `/api/training/tools/${TOOL}/requirement`, { items: ['m1-intro:post'] })).status).toBe(403);
      expect((await call(mai, 'PUT', `/api/training/tools/${TOOL}/requirement`, { items: ['nope'] })).body.code).toBe('UNKNOWN_TRAINING_ITEM');
      const set = await call(mai, 'PUT', `/api/training/tools/${TOOL}/requirement`, { items: ['m1-intro:post', 'm4-responsible:post', 'ex-cxr-reading'] });
      expect(set.status).toBe(200);
      expect(set.body.items.map((i: any) => i.href)).toEqual(['/training/modules/m1-intro/post', '/training/modules/m4-responsible/post', '/training/exercises/ex-cxr-reading']);
      const s = await study();
      expect(s.findings).toEqual([]);
      expect(s.findingsLockedByTraining).toEqual([expect.objectContaining({ toolId: TOOL, allowed: false })]);
      expect(s.findingsLockedByTraining[0].missing.map((m: any) => m.id)).toEqual(['m1-intro:post', 'm4-responsible:post', 'ex-cxr-reading']);
      const audit = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'AiToolTrainingRequirement' AND resource_id = $1", [TOOL]);
      expect(audit[0]!.n).toBe(1);
      // Nor on the patient's suggestions, nor as an action.
      expect(await patientSuggestions()).toEqual([]);
      expect((await call(minh, 'POST', `/api/suggestions/${SUGG}/decision`, { decision: 'accept' })).body).toMatchObject({ code: 'TRAINING_REQUIRED' });
    });

    it('a facility admin grants a time-limited, audited exemption; when it expires the outputs close again', async () => {
      const bad = await call(hung, 'POST', '/api/training/exemptions', { userId: minhId, toolId: TOOL, facilityId: hospitalId, reason: 'Đọc phim trực đêm khi chưa kịp học', days: 365 });
      expect(bad).toMatchObject({ status: 400, body: { code: 'EXEMPTION_DAYS' } });
      const stationId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'TYT-TANCUONG'"))[0]!.id;
      expect((await call(hung, 'POST', '/api/training/exemptions', { userId: minhId, toolId: TOOL, facilityId: stationId, reason: 'Đọc phim trực đêm khi chưa kịp học', days: 7 })).status).toBe(403);
      const ok = await call(hung, 'POST', '/api/training/exemptions', { userId: minhId, toolId: TOOL, facilityId: hospitalId, reason: 'Đọc phim trực đêm khi chưa kịp học', days: 7 });
      expect(ok.status).toBe(201);
      expect((await study()).findings).toHaveLength(1);
      const access = (await call(minh, 'GET', '/api/training/tools/access')).body;
      expect(access).toEqual([expect.objectContaining({ toolId: TOOL, allowed: true, exemptUntil: ok.body.expiresAt })]);
      const audit = await t.db.query<{ details: { expiresAt: string } }>("SELECT details FROM audit_log WHERE resource_type = 'TrainingExemption' AND resource_id = $1", [ok.body.id]);
      expect(audit[0]!.details.expiresAt).toBe(ok.body.expiresAt);
      // Expired (moved into the past by the database, as time would): closed again.
      await t.db.query("UPDATE training_exemption SET granted_at = now() - interval '9 days', expires_at = now() - interval '1 day' WHERE id = $1", [ok.body.id]);
      expect((await study()).findings).toEqual([]);
      expect((await call(hung, 'GET', `/api/training/exemptions?facilityId=${hospitalId}`)).body[0]).toMatchObject({ id: ok.body.id, userName: expect.stringContaining('Minh') });
    });

    it('the reader who completes the required training sees the outputs', async () => {
      await passModule(minh, 'm1-intro');
      await passModule(minh, 'm4-responsible');
      expect((await study()).findings).toEqual([]);
      if (hasNih) {
        const a = (await call(minh, 'POST', '/api/training/exercises/ex-cxr-reading/attempts')).body as Attempt;
        const cases = a.exercise.cases as Array<{ caseId: string }>;
        const row = (await t.db.query<{ items: Array<{ caseId: string; reference: boolean }> }>('SELECT items FROM training_attempt WHERE id = $1', [a.id]))[0]!;
        const r = await call(minh, 'POST', `/api/training/exercise-attempts/${a.id}/submit`, { calls: Object.fromEntries(cases.map((c) => [c.caseId, row.items.find((x) => x.caseId === c.caseId)!.reference])) });
        expect(r.body.passed).toBe(true);
        expect((await study()).findings).toHaveLength(1);
      }
    });
  });

  it('a material new tool version: a user trained on the old one gets 403 TRAINING_REQUIRED until the refresher is passed', async () => {
    const TOOL2 = 'cxr-refresher-test';
    const SUGG2 = '01900000-0000-7000-8000-00000000c1df';
    const minh = await t.login('bs.minh');
    const mai = await t.login('qt.mai');
    const hospitalId = (await t.db.query<{ id: string }>("SELECT id FROM facility WHERE code = 'BVDK-TN'"))[0]!.id;
    const patientId = (await t.db.query<{ id: string }>('SELECT id FROM patient WHERE facility_id = $1 ORDER BY id LIMIT 1', [hospitalId]))[0]!.id;
    await t.db.query("INSERT INTO ai_tool (id, name, kind, current_version, risk_tier) VALUES ($1, 'CXR (refresher test)', 'vendor', '1', 'high')", [TOOL2]);
    await t.db.query("INSERT INTO ai_tool_version (tool_id, version, notes, recorded_at) VALUES ($1, '1', 'registered', now() - interval '1 day')", [TOOL2]);
    await t.db.query(`INSERT INTO suggestion (id, tool_id, tool_version, kind, patient_id, facility_id, subject_ref, inputs, inputs_hash, output, explanation, summary, summary_vi, severity, score, visibility, created_at)
      VALUES ($4, $1, '2', 'vendor', $2, $3, 'Patient/x', '{}', 'h', '{"label":"Effusion","probability":0.9}', '[]', 'Effusion', 'Tràn dịch', 'warning', 0.9, 'visible', now())`, [TOOL2, patientId, hospitalId, SUGG2]);
    const access = async () => ((await call(minh, 'GET', '/api/training/tools/access')).body as any[]).find((a) => a.toolId === TOOL2);

    const set = await call(mai, 'PUT', `/api/training/tools/${TOOL2}/requirement`, { items: ['m1-intro:post'], refresherItems: ['m4-automation-bias'] });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.refresherItems.map((i: any) => i.id)).toEqual(['m4-automation-bias']);
    expect((await call(mai, 'PUT', `/api/training/tools/${TOOL2}/requirement`, { items: ['m1-intro:post'], refresherItems: ['m1-intro:post'] })).body.code).toBe('REFRESHER_LESSONS_ONLY');
    const passedBefore = await t.db.query("SELECT 1 FROM training_attempt a JOIN app_user u ON u.id = a.user_id WHERE u.username = 'bs.minh' AND a.kind = 'post' AND a.module_id = 'm1-intro' AND a.passed");
    if (!passedBefore.length) await passModule(minh, 'm1-intro'); // passed already by the gate test above
    expect(await access()).toMatchObject({ allowed: true, missing: [] });
    expect((await call(minh, 'GET', `/api/training/tools/${TOOL2}/refresher`)).status).toBe(404); // no material version yet

    // A non-material version changes nothing; a material one closes the tool for users trained before it.
    expect((await call(mai, 'POST', `/api/governance/tools/${TOOL2}/versions`, { version: '1.1', notes: 'Sửa lỗi giao diện' })).status).toBe(201);
    expect(await access()).toMatchObject({ allowed: true });
    const v2 = await call(mai, 'POST', `/api/governance/tools/${TOOL2}/versions`, { version: '2', notes: 'Mô hình mới: ngưỡng tràn dịch thấp hơn, nhiều dương tính giả hơn ở phim chụp tại giường', material: true });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    const closed = await access();
    expect(closed).toMatchObject({ allowed: false, missing: [{ id: `refresher:${TOOL2}@2`, kind: 'refresher', href: `/training/tools/${TOOL2}/refresher` }] });
    const denied = await call(minh, 'POST', `/api/suggestions/${SUGG2}/decision`, { decision: 'accept' });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('TRAINING_REQUIRED');

    const r = await call(minh, 'GET', `/api/training/tools/${TOOL2}/refresher`);
    expect(r.body).toMatchObject({ toolId: TOOL2, version: '2', due: true, done: false, whatChanged: expect.stringContaining('ngưỡng tràn dịch'), lessons: [{ id: 'm4-automation-bias', done: false }] });
    expect((await call(minh, 'POST', `/api/training/tools/${TOOL2}/refresher`, { version: '2' })).body.code).toBe('REFRESHER_LESSONS_MISSING');
    expect((await call(minh, 'POST', '/api/training/lessons/m4-automation-bias/complete', { lang: 'vi' })).status).toBe(200);
    expect((await call(minh, 'POST', `/api/training/tools/${TOOL2}/refresher`, { version: '1.1' })).body.code).toBe('REFRESHER_VERSION');
    expect((await call(minh, 'POST', `/api/suggestions/${SUGG2}/decision`, { decision: 'accept' })).status).toBe(403); // lesson alone is not the refresher
    const passed = await call(minh, 'POST', `/api/training/tools/${TOOL2}/refresher`, { version: '2' });
    expect(passed.status, JSON.stringify(passed.body)).toBe(200);
    expect(await access()).toMatchObject({ allowed: true, missing: [] });
    expect((await call(minh, 'GET', `/api/training/tools/${TOOL2}/refresher`)).body).toMatchObject({ due: false, done: true });
    const ok = await call(minh, 'POST', `/api/suggestions/${SUGG2}/decision`, { decision: 'accept' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const audit = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'TrainingRefresher' AND resource_id = $1", [`${TOOL2}@2`]);
    expect(audit[0]!.n).toBe(1);
  });

  it('the training sandbox: synthetic patients in their own facility, audit entries marked training, invisible to others', async () => {
    const r = await call(tuan, 'POST', '/api/training/sandbox');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: 'TRAINING-SANDBOX', patients: 6 });
    expect((await call(tuan, 'POST', '/api/training/sandbox')).body).toEqual(r.body); // idempotent
    const list = await call(tuan, 'GET', `/api/patients?facilityId=${r.body.facilityId}`);
    expect(list.status).toBe(200);
    const rows = (list.body.items ?? list.body) as Array<{ id: string; fullName: string }>;
    expect(rows.map((p) => p.fullName)).toContain('Đào Thị Thực Hành');
    const audit = await t.db.query<{ details: { training?: boolean } | null }>('SELECT details FROM audit_log WHERE facility_id = $1', [r.body.facilityId]);
    expect(audit.length).toBeGreaterThanOrEqual(8); // facility, enrolment, 6 patients, the search
    expect(audit.every((a) => a.details?.training === true)).toBe(true);
    const elsewhere = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE facility_id <> $1 AND details->>'training' = 'true'", [r.body.facilityId]);
    expect(elsewhere[0]!.n).toBe(0);
    // Not a member: the sandbox's patients do not exist for another facility's admin.
    expect((await call(hung, 'GET', `/api/patients/${rows[0]!.id}`)).status).toBe(404);
    expect((await verifyAuditChain(t.db)).firstBreak).toBeNull();
  });
});
