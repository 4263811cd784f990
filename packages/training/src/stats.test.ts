import { describe, expect, it } from 'vitest';
import { ebelClass, itemAnalysis, pearson, prePostGain, upperLowerIndex } from './stats.ts';

describe('item discrimination (upper–lower 27 %)', () => {
  it('textbook example: 15 of 20 in the upper group and 5 of 20 in the lower group answer correctly → D = 0.50, p = 0.50', () => {
    expect(upperLowerIndex(15, 20, 5, 20)).toBeCloseTo(0.5, 10);
    expect(ebelClass(0.5)).toBe('very-good');
  });
  it("Ebel's bands", () => {
    expect([0.45, 0.35, 0.25, 0.1, -0.2].map(ebelClass)).toEqual(['very-good', 'good', 'marginal', 'poor', 'poor']);
  });
  it('on a response matrix: an item only the strongest answer is very good, one only the weakest answer is negative', () => {
    // 10 examinees ranked by 8 filler items (examinee i answers i−1 of them right, i = 1..10).
    const rows = Array.from({ length: 10 }, (_, i) => {
      const r: Record<string, 0 | 1> = {};
      for (let k = 0; k < 8; k++) r[`f${k}`] = k < Math.min(i, 8) ? 1 : 0;
      r.good = i >= 7 ? 1 : 0; // the top 3 only
      r.bad = i <= 2 ? 1 : 0; // the bottom 3 only
      r.flat = 1;
      return r;
    });
    const s = Object.fromEntries(itemAnalysis(rows).map((x) => [x.itemId, x]));
    // k = round(0.27 × 10) = 3: upper 3 all right on "good", lower 3 all wrong → D = 1 − 0 = 1.
    expect(s.good!.difficulty).toBeCloseTo(0.3, 10);
    expect(s.good!.discrimination).toBeCloseTo(1, 10);
    expect(s.bad!.discrimination).toBeCloseTo(-1, 10);
    expect(s.bad!.quality).toBe('poor');
    expect(s.flat!.discrimination).toBe(0);
    expect(s.flat!.pointBiserial).toBeNull(); // no variance in the item
    expect(s.good!.pointBiserial!).toBeGreaterThan(0.5);
    expect(s.bad!.pointBiserial!).toBeLessThan(-0.5);
  });
  it('corrected point-biserial equals (M1 − M0)/s · √(pq) on the rest score', () => {
    const item = [1, 1, 1, 0, 0, 1, 0, 0];
    const rest = [0.9, 0.8, 0.5, 0.6, 0.2, 0.7, 0.4, 0.1];
    const rows = item.map((v, i) => {
      // Build rows whose rest score (without "x") is rest[i]: 10 filler items, rest[i]·10 of them right.
      const r: Record<string, 0 | 1> = { x: v as 0 | 1 };
      for (let k = 0; k < 10; k++) r[`f${k}`] = k < Math.round(rest[i]! * 10) ? 1 : 0;
      return r;
    });
    const n = item.length, p = item.filter((v) => v).length / n, q = 1 - p;
    const m1 = rest.filter((_, i) => item[i]).reduce((a, b) => a + b, 0) / (p * n);
    const m0 = rest.filter((_, i) => !item[i]).reduce((a, b) => a + b, 0) / (q * n);
    const mean = rest.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(rest.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    const expected = ((m1 - m0) / sd) * Math.sqrt(p * q);
    const x = itemAnalysis(rows).find((s) => s.itemId === 'x')!;
    expect(x.pointBiserial!).toBeCloseTo(expected, 10);
  });
  it('too few examinees: no discrimination figure', () => {
    const s = itemAnalysis([{ a: 1 }, { a: 0 }], 5);
    expect(s[0]).toMatchObject({ n: 2, difficulty: 0.5, discrimination: null, quality: 'insufficient-data' });
    expect(pearson([1], [1])).toBeNull();
  });
});

describe("pre→post gain (Hake's normalised gain)", () => {
  it('pre 40 %, post 70 % → mean gain 0.30, ⟨g⟩ = 0.30 / 0.60 = 0.5', () => {
    const g = prePostGain([{ pre: 0.3, post: 0.6 }, { pre: 0.5, post: 0.8 }])!;
    expect(g.preMean).toBeCloseTo(0.4, 10);
    expect(g.postMean).toBeCloseTo(0.7, 10);
    expect(g.meanGain).toBeCloseTo(0.3, 10);
    expect(g.normalisedGain!).toBeCloseTo(0.5, 10);
  });
  it('a perfect pre-test has no normalised gain; no learners → null', () => {
    expect(prePostGain([{ pre: 1, post: 1 }])!.normalisedGain).toBeNull();
    expect(prePostGain([])).toBeNull();
  });
});
