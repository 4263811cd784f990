import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawCxrCases, type LabelRow, parseLabelsCsv, scoreCxr } from './cxr.ts';
import type { CxrExercise } from './types.ts';

const ex: CxrExercise = {
  id: 'ex', kind: 'cxr-reading', title: { vi: '', en: '' }, instructions: { vi: '', en: '' }, lessons: [], roles: [], file: 'x',
  source: { dataset: 'd', labels: 'labels.csv', images: 'images', citation: '' },
  findings: [{ label: 'Effusion', vi: '', en: '' }, { label: 'Cardiomegaly', vi: '', en: '' }],
  cases: 12, positiveShare: 0.5, aiWrongShare: 0.25, pass: { minAccuracy: 0.75, maxOverReliance: 0.34 }, debrief: { vi: '', en: '' },
};
const rows: LabelRow[] = Array.from({ length: 60 }, (_, i) => ({
  image: `img${i}.jpg`,
  labels: { Effusion: i % 3 === 0 ? 1 : 0, Cardiomegaly: i % 5 === 0 ? 1 : 0, Mass: i % 7 === 1 ? 1 : 0 },
}));

describe('drawCxrCases', () => {
  it('draws half positives, a quarter wrong AI calls split into false negatives and false positives', () => {
    const cases = drawCxrCases(ex, rows, 'attempt-1');
    expect(cases).toHaveLength(12);
    expect(cases.filter((c) => c.reference)).toHaveLength(6);
    const wrong = cases.filter((c) => c.aiWrong);
    expect(wrong).toHaveLength(3);
    expect(wrong.filter((c) => c.reference && !c.ai)).toHaveLength(2); // false negatives: ceil(3/2)
    expect(wrong.filter((c) => !c.reference && c.ai)).toHaveLength(1); // false positive
    for (const c of cases) {
      expect(c.aiWrong).toBe(c.ai !== c.reference);
      expect(c.ai ? c.aiScore >= 0.6 : c.aiScore <= 0.4).toBe(true);
      const row = rows.find((r) => r.image === c.image)!;
      if (c.reference) expect(row.labels[c.finding]).toBe(1);
      else expect(Object.values(row.labels).every((v) => v === 0)).toBe(true);
    }
    expect(new Set(cases.map((c) => c.image)).size).toBe(12);
    expect(drawCxrCases(ex, rows, 'attempt-1')).toEqual(cases);
    expect(drawCxrCases(ex, rows, 'attempt-2').map((c) => c.image)).not.toEqual(cases.map((c) => c.image));
  });
  it('refuses when the labels cannot supply the cases', () => {
    expect(() => drawCxrCases(ex, rows.slice(0, 5), 's')).toThrow(/not enough labelled images/);
  });
});

describe('scoreCxr', () => {
  const cases = drawCxrCases(ex, rows, 'attempt-1');
  it('a learner who always follows the AI: accuracy = share of right AI calls, over-reliance 100 %, under-reliance 0 %', () => {
    const s = scoreCxr(ex, cases, Object.fromEntries(cases.map((c) => [c.caseId, c.ai])));
    expect(s).toMatchObject({ correct: 9, accuracy: 0.75, aiWrong: 3, followedWrongAi: 3, overReliance: 1, aiRight: 9, rejectedRightAi: 0, underReliance: 0, passed: false });
  });
  it('a learner who always contradicts the AI: over-reliance 0 %, under-reliance 100 %', () => {
    const s = scoreCxr(ex, cases, Object.fromEntries(cases.map((c) => [c.caseId, !c.ai])));
    expect(s).toMatchObject({ correct: 3, overReliance: 0, underReliance: 1, passed: false });
  });
  it('a perfect reader passes; one who follows one of three wrong calls has over-reliance 1/3 and still passes', () => {
    expect(scoreCxr(ex, cases, Object.fromEntries(cases.map((c) => [c.caseId, c.reference])))).toMatchObject({ accuracy: 1, overReliance: 0, underReliance: 0, passed: true });
    const firstWrong = cases.find((c) => c.aiWrong)!;
    const s = scoreCxr(ex, cases, Object.fromEntries(cases.map((c) => [c.caseId, c === firstWrong ? c.ai : c.reference])));
    expect(s.overReliance).toBeCloseTo(1 / 3, 10);
    expect(s.correct).toBe(11);
    expect(s.passed).toBe(true);
  });
  it('an unanswered case is wrong and counts as neither reliance', () => {
    const s = scoreCxr(ex, cases, {});
    expect(s).toMatchObject({ answered: 0, correct: 0, followedWrongAi: 0, rejectedRightAi: 0 });
  });
});

describe('first read before the AI', () => {
  const cases = drawCxrCases(ex, rows, 'attempt-1');
  it('counts right first reads changed to follow a wrong AI, and wrong first reads corrected by a right AI', () => {
    const wrongAi = cases.filter((c) => c.aiWrong);
    const rightAi = cases.filter((c) => !c.aiWrong);
    // First reads: all right except the first right-AI case; final calls: follow the AI everywhere.
    const first = Object.fromEntries(cases.map((c) => [c.caseId, c === rightAi[0] ? !c.reference : c.reference]));
    const final = Object.fromEntries(cases.map((c) => [c.caseId, c.ai]));
    const s = scoreCxr(ex, cases, final, first);
    expect(s.firstRead).toEqual({ accuracy: 11 / 12, switchedToWrongAi: wrongAi.length, switchedToRightAi: 1 });
    expect(s.perCase.find((p) => p.caseId === rightAi[0]!.caseId)).toMatchObject({ first: !rightAi[0]!.reference, call: rightAi[0]!.ai, correct: true });
    // Keeping every first read: no switches.
    expect(scoreCxr(ex, cases, first, first).firstRead).toMatchObject({ switchedToWrongAi: 0, switchedToRightAi: 0 });
    expect(scoreCxr(ex, cases, final).firstRead).toBeNull();
  });
});

describe('parseLabelsCsv', () => {
  it('reads 0/1 cells and rejects a malformed row', () => {
    expect(parseLabelsCsv('image,A,B\nx.jpg,0,1\n')).toEqual([{ image: 'x.jpg', labels: { A: 0, B: 1 } }]);
    expect(() => parseLabelsCsv('image,A\nx.jpg,2\n')).toThrow(/line 2: A must be 0 or 1/);
    expect(() => parseLabelsCsv('file,A\n')).toThrow(/first column/);
  });
});

const shared = resolve(import.meta.dirname, '../../../../shared/datasets/nih-chestxray14-sample');
describe.skipIf(!existsSync(`${shared}/labels.csv`))('on the NIH ChestX-ray14 sample (needs ../shared/datasets/nih-chestxray14-sample)', () => {
  it('draws 12 cases for the exercise’s findings from the 621 labelled images', () => {
    const labels = parseLabelsCsv(readFileSync(`${shared}/labels.csv`, 'utf8'));
    expect(labels.length).toBe(621);
    const cases = drawCxrCases({ ...ex, findings: [...ex.findings, { label: 'Pneumothorax', vi: '', en: '' }] }, labels, 'nih');
    expect(cases.filter((c) => c.reference)).toHaveLength(6);
    for (const c of cases) expect(existsSync(`${shared}/images/${c.image}`)).toBe(true);
  });
});
