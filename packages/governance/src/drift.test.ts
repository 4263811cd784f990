import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { categoricalDrift, jensenShannon, kolmogorovSurvival, ksTwoSample, numericDrift, psiFromProportions } from './drift.ts';

describe('PSI', () => {
  it('hand-computed: baseline 1..10 in 2 quantile bins (cut 5.5), current 80%/20%', () => {
    const d = numericDrift([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 1, 1, 1, 6, 7], { bins: 2 });
    expect(d.bins.map((b) => [b.baseline, b.current])).toEqual([[0.5, 0.8], [0.5, 0.2]]);
    // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5)
    expect(d.psi).toBeCloseTo(0.3 * Math.log(1.6) + -0.3 * Math.log(0.4), 12);
    expect(d.psi).toBeCloseTo(0.415888, 6);
  });

  it('identical distributions: PSI 0, JS 0, KS D 0 (p 1); empty bins use epsilon', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const d = numericDrift(x, x, { bins: 5 });
    expect(d.psi).toBe(0);
    expect(d.js).toBe(0);
    expect(d.ks).toEqual({ statistic: 0, p: 1 });
    expect(psiFromProportions([0.5, 0.5], [1, 0])).toBeCloseTo(0.5 * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5), 12);
  });

  it('categorical: PSI and JS over the union of categories', () => {
    const d = categoricalDrift(['a', 'a', 'b', 'b'], ['a', 'a', 'a', 'c']);
    expect(d.bins.map((b) => b.label)).toEqual(['a', 'b', 'c']);
    expect(d.bins.map((b) => [b.baseline, b.current])).toEqual([[0.5, 0.75], [0.5, 0], [0, 0.25]]);
  });
});

describe('Jensen–Shannon (bits)', () => {
  it('disjoint distributions = 1; hand example [.5,.5] vs [1,0] = 0.311278', () => {
    expect(jensenShannon([1, 0], [0, 1])).toBe(1);
    // ½·KL(P‖M) + ½·KL(Q‖M), M = [.75, .25]: ½(½log2(2/3) + ½log2 2) + ½ log2(4/3)
    expect(jensenShannon([0.5, 0.5], [1, 0])).toBeCloseTo(0.5 * (0.5 * Math.log2(2 / 3) + 0.5) + 0.5 * Math.log2(4 / 3), 12);
    expect(jensenShannon([0.5, 0.5], [1, 0])).toBeCloseTo(0.311278, 6);
  });

  it('stays finite with subnormal proportions (fast-check counterexample)', () => {
    const p = [5e-324, 0, 0.6666666666653396, 1.3271050924856809e-12];
    const q = [0, 1.0000000000000003e-9, 0, 0];
    const sp = p.reduce((a, b) => a + b, 0);
    const sq = q.reduce((a, b) => a + b, 0);
    const js = jensenShannon(p.map((x) => x / sp), q.map((x) => x / sq));
    expect(js).toBeCloseTo(1, 12); // disjoint supports: the maximum
  });

  it('is symmetric and bounded in [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 12 }), (pairs) => {
        const sp = pairs.reduce((a, p) => a + p[0], 0);
        const sq = pairs.reduce((a, p) => a + p[1], 0);
        fc.pre(sp > 1e-9 && sq > 1e-9);
        const p = pairs.map((x) => x[0] / sp);
        const q = pairs.map((x) => x[1] / sq);
        const js = jensenShannon(p, q);
        expect(js).toBeGreaterThanOrEqual(0);
        expect(js).toBeLessThanOrEqual(1);
        expect(jensenShannon(q, p)).toBeCloseTo(js, 12);
      }),
    );
  });
});

describe('Kolmogorov–Smirnov', () => {
  it('D on a hand set: {1,2,3,4} vs {3,4,5,6} → 0.5', () => {
    expect(ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]).statistic).toBe(0.5);
    expect(ksTwoSample([1, 2], [3, 4]).statistic).toBe(1);
  });

  it('asymptotic p-value: the Kolmogorov distribution\'s published critical values', () => {
    // K_{0.05} = 1.3581, K_{0.01} = 1.6276, K_{0.10} = 1.2238 (Smirnov 1948 table).
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 4);
    expect(kolmogorovSurvival(0)).toBe(1);
    // Continuity across the two series at 1.18.
    expect(kolmogorovSurvival(1.1799999)).toBeCloseTo(kolmogorovSurvival(1.18), 6);
  });
});
