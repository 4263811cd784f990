import { describe, expect, it } from 'vitest';
import { matchesStep, onScreenProgress, type OnScreenDecision, type OnScreenSuggestion, scoreOnScreen } from './onscreen.ts';
import type { OnScreenExercise } from './types.ts';

const bi = (s: string) => ({ vi: s, en: s });
const ex: OnScreenExercise = {
  id: 'ex', kind: 'on-screen', title: bi('t'), instructions: bi('i'), lessons: [], roles: [], file: 'x.yaml', tool: 'rcp-news2', debrief: bi('d'),
  patient: { fullName: 'Lò Văn Thử', sex: 'male', birthDate: '1956-04-12' }, maxMinutesToDecide: 10, pass: { minScore: 0.66, maxOverReliance: 0 },
  steps: [
    { id: 'v1', situation: bi('s'), vitals: { respRate: 16, spo2: 97, consciousness: 'A' }, ruleRight: true, expected: 'accept', explanation: bi('e') },
    { id: 'v2', situation: bi('s'), vitals: { respRate: 16, spo2: 84, consciousness: 'A' }, ruleRight: false, expected: 'override', explanation: bi('e') },
    { id: 'v3', situation: bi('s'), vitals: { respRate: 26, spo2: 91, consciousness: 'A' }, ruleRight: true, expected: 'accept', explanation: bi('e') },
  ],
};
const t0 = Date.parse('2026-12-08T01:00:00Z');
const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
const sug = (id: string, min: number, inputs: Record<string, unknown>): OnScreenSuggestion => ({ id, createdAt: at(min), inputs: { onOxygen: false, pulse: 80, ...inputs }, score: null });
const dec = (suggestionId: string, min: number, decision: OnScreenDecision['decision']): OnScreenDecision => ({ suggestionId, decision, reason: decision === 'accept' ? null : 'lý do', at: at(min) });

const s1 = sug('a', 0, { respRate: 16, spo2: 97, consciousness: 'A' });
const s2 = sug('b', 5, { respRate: 16, spo2: 84, consciousness: 'A' });
const s3 = sug('c', 10, { respRate: 26, spo2: 91, consciousness: 'A' });

describe('on-screen exercise scoring', () => {
  it('matches a recorded visit to a step by the values asked for (numbers stored as text too)', () => {
    expect(matchesStep({ respRate: 16, consciousness: 'A' }, { respRate: '16', consciousness: 'A', pulse: 3 })).toBe(true);
    expect(matchesStep({ respRate: 16 }, { respRate: 17 })).toBe(false);
    expect(matchesStep({ respRate: 16 }, {})).toBe(false);
  });

  it('all right and in time: score 1, no over- or under-reliance', () => {
    const r = scoreOnScreen(ex, [s3, s1, s2], [dec('a', 1, 'accept'), dec('b', 6, 'override'), dec('c', 12, 'accept')]);
    expect(r).toMatchObject({ correct: 3, total: 3, score: 1, passed: true, overReliance: 0, underReliance: 0, ruleWrong: 1, ruleRight: 2 });
    expect(r.steps.map((s) => [s.stepId, s.suggestionId, s.minutesToDecide])).toEqual([['v1', 'a', 1], ['v2', 'b', 1], ['v3', 'c', 2]]);
  });

  it('accepting the artefact is over-reliance and fails however high the score; overriding the real alarm is under-reliance', () => {
    const over = scoreOnScreen(ex, [s1, s2, s3], [dec('a', 1, 'accept'), dec('b', 6, 'accept'), dec('c', 12, 'accept')]);
    expect(over).toMatchObject({ correct: 2, overReliance: 1, underReliance: 0, followedWrongRule: 1, passed: false });
    const under = scoreOnScreen(ex, [s1, s2, s3], [dec('a', 1, 'accept'), dec('b', 6, 'dismiss'), dec('c', 12, 'override')]);
    expect(under).toMatchObject({ correct: 2, overReliance: 0, underReliance: 0.5, rejectedRightRule: 1, passed: true });
  });

  it('a decision later than maxMinutesToDecide is not in time; the last decision counts; unrecorded steps score nothing', () => {
    const r = scoreOnScreen(ex, [s1, s3], [dec('a', 11, 'accept'), dec('c', 12, 'override'), dec('c', 13, 'accept')]);
    expect(r.steps.map((s) => [s.stepId, s.recorded, s.decision, s.timely, s.correct])).toEqual([
      ['v1', true, 'accept', false, false], ['v2', false, null, false, false], ['v3', true, 'accept', true, true],
    ]);
    expect(r).toMatchObject({ correct: 1, score: 1 / 3, overReliance: null, passed: false });
    expect(onScreenProgress(ex, [s1], [])).toEqual([{ stepId: 'v1', recorded: true, decided: false }, { stepId: 'v2', recorded: false, decided: false }, { stepId: 'v3', recorded: false, decided: false }]);
  });

  it('a step recorded twice counts the decided visit', () => {
    const again = sug('a2', 2, { respRate: 16, spo2: 97, consciousness: 'A' });
    const r = scoreOnScreen(ex, [s1, again], [dec('a2', 3, 'accept')]);
    expect(r.steps[0]).toMatchObject({ suggestionId: 'a2', correct: true });
  });
});
