import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auroc, hanleyMcNeilSe, rocCurve, thresholdTable } from './roc.ts';
import { GovernanceInputError } from './errors.ts';

/** Hanley & McNeil (1982) Table I: CT ratings 1..5 of 58 normal and 51 abnormal patients. */
function hanleyMcNeilData() {
  const normal = [33, 6, 6, 11, 2];
  const abnormal = [3, 2, 2, 11, 33];
  const s: number[] = [];
  const l: number[] = [];
  normal.forEach((c, i) => { for (let k = 0; k < c; k++) { s.push(i + 1); l.push(0); } });
  abnormal.forEach((c, i) => { for (let k = 0; k < c; k++) { s.push(i + 1); l.push(1); } });
  return { s, l };
}

/** DeLong's variance straight from its definition (O(m·n) comparison matrix) — an independent reference. */
function delongByDefinition(s: number[], l: number[]) {
  const pos = s.filter((_, i) => l[i] === 1);
  const neg = s.filter((_, i) => l[i] === 0);
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = pos.map((x) => neg.reduce((a, y) => a + psi(x, y), 0) / neg.length);
  const v01 = neg.map((y) => pos.reduce((a, x) => a + psi(x, y), 0) / pos.length);
  const auc = v10.reduce((a, b) => a + b, 0) / pos.length;
  const s10 = v10.reduce((a, v) => a + (v - auc) ** 2, 0) / (pos.length - 1);
  const s01 = v01.reduce((a, v) => a + (v - auc) ** 2, 0) / (neg.length - 1);
  return { auc, se: Math.sqrt(s10 / pos.length + s01 / neg.length) };
}

describe('auroc', () => {
  it('hand-checkable sets: perfect, inverted, and ties count ½', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]).estimate).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]).estimate).toBe(0);
    // Every score equal: every pair is a tie → ½.
    expect(auroc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]).estimate).toBe(0.5);
    // pos {0.4, 0.8}, neg {0.4, 0.2}: pairs (0.4,0.4)=½ (0.4,0.2)=1 (0.8,0.4)=1 (0.8,0.2)=1 → 3.5/4.
    expect(auroc([0.4, 0.8, 0.4, 0.2], [1, 1, 0, 0]).estimate).toBe(0.875);
    // pos {3}, neg {1, 3, 5}: 1 + ½ + 0 = 1.5/3.
    expect(auroc([3, 1, 3, 5], [1, 0, 0, 0]).estimate).toBe(0.5);
  });

  it('Hanley & McNeil (1982) rating data: AUC 0.893; DeLong SE and CI as printed by Stata roctab', () => {
    const { s, l } = hanleyMcNeilData();
    const r = auroc(s, l);
    expect(r.positives).toBe(51);
    expect(r.negatives).toBe(58);
    expect(r.estimate!).toBeCloseTo(0.893, 3); // Hanley & McNeil 1982, Table I
    // Stata [R] roctab example (hanley.dta): ROC area 0.8932, Std. Err. 0.0307, 95% CI 0.83295–0.95339.
    expect(r.estimate!).toBeCloseTo(0.8932, 4);
    expect(r.se!).toBeCloseTo(0.0307, 4);
    expect(r.lower!).toBeCloseTo(0.83295, 5);
    expect(r.upper!).toBeCloseTo(0.95339, 5);
    // Hanley & McNeil's own SE for these data: 0.032.
    expect(r.hanleyMcNeil.se!).toBeCloseTo(0.032, 3);
    expect(hanleyMcNeilSe(r.estimate!, 51, 58)).toBeCloseTo(0.032, 3);
  });

  it('fast DeLong equals DeLong by definition on tied, random data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1 })), { minLength: 4, maxLength: 80 }), (rows) => {
        const s = rows.map((r) => r[0] / 6);
        const l = rows.map((r) => r[1]);
        const m = l.filter((x) => x === 1).length;
        fc.pre(m >= 2 && l.length - m >= 2);
        const fast = auroc(s, l);
        const ref = delongByDefinition(s, l);
        expect(fast.estimate!).toBeCloseTo(ref.auc, 12);
        expect(fast.se!).toBeCloseTo(ref.se, 12);
      }),
    );
  });

  it('properties: in [0,1], AUROC(−score) = 1 − AUROC(score), CI contains the estimate, never NaN', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.boolean()), { minLength: 2, maxLength: 200 }), (rows) => {
        const s = rows.map((r) => r[0]);
        const l = rows.map((r) => (r[1] ? 1 : 0));
        const a = auroc(s, l);
        const b = auroc(s.map((x) => -x), l);
        if (a.estimate === null) {
          expect(b.estimate).toBeNull();
          return;
        }
        expect(a.estimate).toBeGreaterThanOrEqual(0);
        expect(a.estimate).toBeLessThanOrEqual(1);
        expect(b.estimate!).toBeCloseTo(1 - a.estimate, 12);
        for (const v of [a.se, a.lower, a.upper]) expect(Number.isNaN(v)).toBe(false);
        if (a.se !== null) {
          expect(a.lower!).toBeLessThanOrEqual(a.estimate + 1e-12);
          expect(a.upper!).toBeGreaterThanOrEqual(a.estimate - 1e-12);
        }
      }),
    );
  });

  it('an empty class gives null, not NaN; bad input is a typed error', () => {
    expect(auroc([0.1, 0.2], [1, 1])).toMatchObject({ estimate: null, se: null, lower: null });
    expect(() => auroc([0.1, NaN], [0, 1])).toThrow(GovernanceInputError);
    expect(() => auroc([0.1, 0.2], [0, 2])).toThrow(/0 or 1/);
    expect(() => auroc([0.1], [0, 1])).toThrow(GovernanceInputError);
  });
});

describe('rocCurve, Youden and threshold table', () => {
  it('walks distinct thresholds from (0,0) to (1,1) and finds the Youden point', () => {
    // pos 0.9, 0.6; neg 0.7, 0.2
    const c = rocCurve([0.9, 0.6, 0.7, 0.2], [1, 1, 0, 0]);
    expect(c.points).toEqual([
      { threshold: null, fpr: 0, tpr: 0 },
      { threshold: 0.9, fpr: 0, tpr: 0.5 },
      { threshold: 0.7, fpr: 0.5, tpr: 0.5 },
      { threshold: 0.6, fpr: 0.5, tpr: 1 },
      { threshold: 0.2, fpr: 1, tpr: 1 },
    ]);
    // J = 0.5 first at 0.9 (tpr .5, fpr 0) and again at 0.6; the first (highest threshold) is kept.
    expect(c.youden).toEqual({ threshold: 0.9, j: 0.5, sensitivity: 0.5, specificity: 1 });
  });

  it('downsamples long curves but keeps both ends and the Youden point', () => {
    const s: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < 5000; i++) { s.push(i); l.push(i % 3 === 0 ? 1 : 0); }
    const c = rocCurve(s, l, 50);
    expect(c.points.length).toBeLessThanOrEqual(51);
    expect(c.points[0]).toEqual({ threshold: null, fpr: 0, tpr: 0 });
    expect(c.points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    expect(c.points.some((p) => p.threshold === c.youden!.threshold)).toBe(true);
  });

  it('threshold table counts cases with score >= t as positive', () => {
    const [t1, t2] = thresholdTable([0.9, 0.6, 0.7, 0.2], [1, 1, 0, 0], [0.6, 0.95]);
    expect(t1!.confusion).toMatchObject({ tp: 2, fn: 0, fp: 1, tn: 1 });
    expect(t2!.confusion).toMatchObject({ tp: 0, fn: 2, fp: 0, tn: 2 });
  });
});
