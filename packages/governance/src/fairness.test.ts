import { describe, expect, it } from 'vitest';
import { fairness } from './fairness.ts';
import { GovernanceInputError } from './errors.ts';

/** n cases of a group with given TP/FN/FP/TN counts at threshold 0.5. */
function group(name: string, tp: number, fn: number, fp: number, tn: number) {
  const s: number[] = [];
  const l: number[] = [];
  const g: string[] = [];
  const add = (score: number, label: number, k: number) => { for (let i = 0; i < k; i++) { s.push(score); l.push(label); g.push(name); } };
  add(0.9, 1, tp); add(0.1, 1, fn); add(0.9, 0, fp); add(0.1, 0, tn);
  return { s, l, g };
}
function join(...parts: ReturnType<typeof group>[]) {
  return { s: parts.flatMap((p) => p.s), l: parts.flatMap((p) => p.l), g: parts.flatMap((p) => p.g) };
}

describe('fairness ratio-to-reference rule', () => {
  it('flags outside [1/(1+t), 1+t] with t = 0.25, reference = largest group', () => {
    // female (ref, n=200): sens 80/100 = .8, spec 90/100 = .9
    // male (n=100): sens 30/50 = .6 → ratio .75 < .8 → flagged; spec 45/50 = .9 → ratio 1
    const d = join(group('female', 80, 20, 10, 90), group('male', 30, 20, 5, 45));
    const r = fairness(d.s, d.l, d.g, 0.5, {}, 'sex');
    expect(r.reference).toBe('female');
    expect(r.band[0]).toBeCloseTo(0.8, 12);
    expect(r.band[1]).toBe(1.25);
    const male = r.groups.find((x) => x.group === 'male')!;
    const sens = male.ratios.find((x) => x.metric === 'sensitivity')!;
    expect(sens.ratio).toBeCloseTo(0.75, 12);
    expect(sens.status).toBe('flagged');
    expect(male.ratios.find((x) => x.metric === 'specificity')!.status).toBe('ok');
    expect(male.status).toBe('flagged');
    expect(r.flags).toEqual([{ group: 'male', metric: 'sensitivity', ratio: 0.6 / 0.8, value: 0.6, referenceValue: 0.8 }]);
    expect(r.groups.find((x) => x.group === 'female')!.status).toBe('reference');
  });

  it('a ratio exactly on the band edge (0.8 or 1.25) is not flagged', () => {
    const d = join(group('a', 80, 20, 10, 90), group('b', 32, 18, 5, 45)); // 0.64/0.8 = 0.8
    const r = fairness(d.s, d.l, d.g, 0.5);
    expect(r.groups.find((x) => x.group === 'b')!.ratios[0]!.status).toBe('ok');
  });

  it('small groups are reported as insufficient_data, never flagged', () => {
    // tiny group (n = 10) with terrible sensitivity.
    const d = join(group('big', 80, 20, 10, 90), group('tiny', 0, 5, 0, 5));
    const r = fairness(d.s, d.l, d.g, 0.5);
    const tiny = r.groups.find((x) => x.group === 'tiny')!;
    expect(tiny.status).toBe('insufficient_data');
    expect(tiny.reason).toMatch(/10 cases/);
    expect(r.flags).toEqual([]);
    // Enough cases but too few positives for sensitivity: that ratio alone is not judged.
    const d2 = join(group('big', 80, 20, 10, 90), group('fewpos', 1, 4, 5, 40));
    const r2 = fairness(d2.s, d2.l, d2.g, 0.5);
    const fp = r2.groups.find((x) => x.group === 'fewpos')!;
    expect(fp.ratios.find((x) => x.metric === 'sensitivity')!.status).toBe('insufficient_data');
    expect(fp.ratios.find((x) => x.metric === 'specificity')!.status).toBe('ok');
  });

  it('explicit reference, custom tolerance, and typed errors', () => {
    const d = join(group('female', 80, 20, 10, 90), group('male', 30, 20, 5, 45));
    const r = fairness(d.s, d.l, d.g, 0.5, { reference: 'male', tolerance: 0.5 });
    expect(r.reference).toBe('male');
    expect(r.flags).toEqual([]); // 0.8/0.6 = 1.33 < 1.5
    expect(() => fairness(d.s, d.l, d.g, 0.5, { reference: 'other' })).toThrow(GovernanceInputError);
    expect(() => fairness([0.1], [1], [''], 0.5)).toThrow(/empty group value/);
  });
});
