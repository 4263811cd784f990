/**
 * The NEWS2 exercise on the real screens, through the same API the patient page uses: the learner's
 * own synthetic patient in the training sandbox, visits recorded and suggestions decided there, the
 * score and the automation-bias figures taken from her training-marked audit entries only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestApp, type TestApp } from '../../testing/harness.ts';
import { onScreenExercise } from './training.onscreen.ts';

const EX = 'ex-news2-on-screen';
const steps = onScreenExercise(EX).steps;

describe.each(ENGINES)('on-screen NEWS2 exercise on %s', (engine) => {
  let t: TestApp;
  let hoa: string; // nurse
  let lan: string; // doctor
  let hung: string; // facility admin
  const call = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, headers: { cookie, 'x-requested-with': 'XMLHttpRequest' }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() as any };
  };
  /** Records the step's visit on the case's patient and returns its NEWS2 suggestion. */
  const record = async (cookie: string, a: any, stepId: string) => {
    const v = steps.find((s) => s.id === stepId)!.vitals;
    const enc = await call(cookie, 'POST', `/api/patients/${a.patientId}/encounters`, { facilityId: a.facilityId, type: 'outpatient', vitals: { ...v, diastolicBP: 70 } });
    expect(enc.status).toBe(201);
    const list = await call(cookie, 'GET', `/api/patients/${a.patientId}/suggestions`);
    return list.body.find((s: any) => s.toolId === 'rcp-news2' && s.encounterId === enc.body.encounter.id);
  };
  const decide = (cookie: string, id: string, decision: string, reason?: string) => call(cookie, 'POST', `/api/suggestions/${id}/decision`, { decision, ...(reason ? { reason } : {}) });

  beforeAll(async () => {
    t = await openTestApp(engine);
    hoa = await t.login('dd.hoa');
    lan = await t.login('bs.lan');
    hung = await t.login('ql.hung');
  });
  afterAll(() => t.close());

  it('gives each learner her own sandbox patient and resumes the open attempt', async () => {
    const a = await call(hoa, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`);
    expect(a.status).toBe(200);
    expect(a.body.exercise.steps[0].ruleRight).toBeUndefined(); // no keys before submitting
    expect(a.body.progress).toEqual(steps.map((s) => ({ stepId: s.id, recorded: false, decided: false })));
    const again = await call(hoa, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`);
    expect(again.body.id).toBe(a.body.id);
    const other = await call(lan, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`);
    expect(other.body.patientId).not.toBe(a.body.patientId);
    expect(other.body.facilityId).toBe(a.body.facilityId);
    const [f] = await t.db.query<{ training: boolean }>('SELECT training FROM facility WHERE id = $1', [a.body.facilityId]);
    expect(f!.training).toBe(true);
    // Not for someone who does not record vitals; not through the decision-exercise route; not another's attempt.
    expect((await call(hung, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`)).body.code).toBe('TRAINING_ROLE');
    expect((await call(hoa, 'POST', `/api/training/exercises/${EX}/attempts`)).body.code).toBe('ON_SCREEN_EXERCISE');
    expect((await call(hoa, 'GET', '/api/training/onscreen/exercises/ex-news2-deterioration')).status).toBe(404);
    expect((await call(lan, 'GET', `/api/training/onscreen/attempts/${a.body.id}`)).status).toBe(403);
  });

  it('scores the nurse from her own actions on the patient page only (a colleague deciding for her does not count), then all three right on a second attempt, which the path counts', async () => {
    const a = (await call(hoa, 'GET', `/api/training/onscreen/patients/${(await call(hoa, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`)).body.patientId}`)).body.attempt;
    const s1 = await record(hoa, a, 'v1');
    expect(s1.score).toBe(0);
    expect((await decide(hoa, s1.id, 'accept')).status).toBe(200);
    const s2 = await record(hoa, a, 'v2');
    expect(s2.score).toBe(3);
    // A colleague in the sandbox decides nothing for her: his entries are not hers.
    const s3 = await record(hoa, a, 'v3');
    expect(s3.score).toBe(11);
    expect((await decide(lan, s2.id, 'accept')).status).toBe(200);
    const mid = await call(hoa, 'GET', `/api/training/onscreen/attempts/${a.id}`);
    expect(mid.body.progress).toEqual([{ stepId: 'v1', recorded: true, decided: true }, { stepId: 'v2', recorded: true, decided: false }, { stepId: 'v3', recorded: true, decided: false }]);
    // Every entry about her case is marked training.
    const marks = await t.db.query<{ n: number; training: number }>("SELECT count(*)::int AS n, count(*) FILTER (WHERE details->>'training' = 'true')::int AS training FROM audit_log WHERE patient_id = $1", [a.patientId]);
    expect(marks[0]!.n).toBeGreaterThan(5);
    expect(marks[0]!.training).toBe(marks[0]!.n);

    await decide(hoa, s3.id, 'accept');
    const done = await call(hoa, 'POST', `/api/training/onscreen/attempts/${a.id}/submit`);
    expect(done.status).toBe(200);
    // s2 was decided (accepted) by the doctor, so for her v2 is recorded but undecided: 2 of 3.
    expect(done.body.result).toMatchObject({ correct: 2, total: 3, passed: false, overReliance: null, underReliance: 0 });
    expect(done.body.result.steps.map((s: any) => [s.stepId, s.decision, s.correct])).toEqual([['v1', 'accept', true], ['v2', null, false], ['v3', 'accept', true]]);
    expect(done.body.exercise.steps[1]).toMatchObject({ ruleRight: false, expected: 'override' });
    expect((await call(hoa, 'POST', `/api/training/onscreen/attempts/${a.id}/submit`)).status).toBe(409);

    // A second attempt: a new patient; this time she overrides the artefact herself.
    const b = (await call(hoa, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`)).body;
    expect(b.patientId).not.toBe(a.patientId);
    for (const [step, d] of [['v1', 'accept'], ['v2', 'override'], ['v3', 'accept']] as const) {
      const s = await record(hoa, b, step);
      expect((await decide(hoa, s.id, d, d === 'override' ? 'Đầu dò lệch, đo lại SpO₂ 97 %' : undefined)).status).toBe(200);
    }
    const ok = (await call(hoa, 'POST', `/api/training/onscreen/attempts/${b.id}/submit`)).body;
    expect(ok.result).toMatchObject({ correct: 3, score: 1, passed: true, overReliance: 0, underReliance: 0 });
    expect(ok.result.steps[1].reason).toBe('Đầu dò lệch, đo lại SpO₂ 97 %');
    const me = await call(hoa, 'GET', '/api/training/me');
    expect(me.body.items.find((i: any) => i.id === EX)).toMatchObject({ done: true, required: false });
  });

  it('the doctor who accepts every suggestion, the artefact included, is shown 100 % over-reliance and fails', async () => {
    const a = (await call(lan, 'POST', `/api/training/onscreen/exercises/${EX}/attempts`)).body;
    for (const step of ['v1', 'v2', 'v3']) await decide(lan, (await record(lan, a, step)).id, 'accept');
    const r = (await call(lan, 'POST', `/api/training/onscreen/attempts/${a.id}/submit`)).body.result;
    expect(r).toMatchObject({ correct: 2, passed: false, overReliance: 1, followedWrongRule: 1, underReliance: 0 });
  });
});
