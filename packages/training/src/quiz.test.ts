import { describe, expect, it } from 'vitest';
import { drawTest, gradeTest, isCorrect, retakeBlock } from './quiz.ts';
import { hashSeed, mulberry32, shuffle } from './random.ts';
import type { Question } from './types.ts';

const q = (id: string, answer: string[], type: Question['type'] = 'single'): Question => ({
  id, module: 'm', type, lesson: 'l', stem: { vi: id, en: id }, explanation: { vi: '', en: '' }, answer,
  options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, vi: o, en: o })),
});
const bank = Array.from({ length: 20 }, (_, i) => q(`q${i}`, ['b']));

describe('seeded shuffle', () => {
  it('is a permutation, reproducible by seed, different across seeds', () => {
    const xs = [...Array(50).keys()];
    const a = shuffle(xs, mulberry32(hashSeed('attempt-1')));
    expect([...a].sort((x, y) => x - y)).toEqual(xs);
    expect(shuffle(xs, mulberry32(hashSeed('attempt-1')))).toEqual(a);
    expect(shuffle(xs, mulberry32(hashSeed('attempt-2')))).not.toEqual(a);
  });
  it('is roughly uniform: each of 4 items lands first about a quarter of the time', () => {
    const first = [0, 0, 0, 0];
    for (let s = 0; s < 4000; s++) { const i = shuffle([0, 1, 2, 3], mulberry32(hashSeed(`s${s}`)))[0]!; first[i] = first[i]! + 1; }
    for (const c of first) expect(c).toBeGreaterThan(850), expect(c).toBeLessThan(1150);
  });
});

describe('drawTest', () => {
  it('draws n distinct items with a permutation of each item’s options, the same for the same seed', () => {
    const t = drawTest(bank, 15, 'seed-x');
    expect(new Set(t.map((d) => d.questionId)).size).toBe(15);
    for (const d of t) expect([...d.optionOrder].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(drawTest(bank, 15, 'seed-x')).toEqual(t);
    expect(drawTest(bank, 15, 'seed-y').map((d) => d.questionId)).not.toEqual(t.map((d) => d.questionId));
    expect(drawTest(bank.slice(0, 3), 15, 's')).toHaveLength(3);
  });
});

describe('grading', () => {
  it('multiple choice scores only the exact set', () => {
    const m = q('m', ['a', 'c'], 'multiple');
    expect(isCorrect(m, ['c', 'a'])).toBe(true);
    expect(isCorrect(m, ['a'])).toBe(false);
    expect(isCorrect(m, ['a', 'b', 'c'])).toBe(false);
  });
  it('12 of 15 is exactly 80 % and passes an 80 % mark; 11 of 15 does not; unanswered counts wrong', () => {
    const drawn = drawTest(bank, 15, 's');
    const byId = new Map(bank.map((x) => [x.id, x]));
    const answers = (k: number) => Object.fromEntries(drawn.map((d, i) => [d.questionId, i < k ? ['b'] : ['a']]));
    expect(gradeTest(drawn, byId, answers(12), 0.8)).toMatchObject({ correct: 12, total: 15, passed: true });
    expect(gradeTest(drawn, byId, answers(11), 0.8)).toMatchObject({ correct: 11, passed: false });
    expect(gradeTest(drawn, byId, {}, 0.8)).toMatchObject({ correct: 0, passed: false });
  });
});

describe('retake rules', () => {
  const at = (iso: string, passed: boolean | null = false) => ({ startedAt: new Date(iso), passed });
  it('at most N attempts per Vietnam calendar day, none after a pass', () => {
    const now = new Date('2026-12-07T16:30:00Z'); // 23:30 in Hà Nội
    const three = [at('2026-12-07T01:00:00Z'), at('2026-12-07T05:00:00Z'), at('2026-12-07T16:00:00Z')];
    expect(retakeBlock(three, now, 3)).toBe('DAILY_LIMIT');
    expect(retakeBlock(three.slice(0, 2), now, 3)).toBeNull();
    // 17:30 UTC is 00:30 the next day in Hà Nội: the limit resets.
    expect(retakeBlock(three, new Date('2026-12-07T17:30:00Z'), 3)).toBeNull();
    expect(retakeBlock([at('2026-12-01T01:00:00Z', true)], now, 3)).toBe('ALREADY_PASSED');
  });
});
