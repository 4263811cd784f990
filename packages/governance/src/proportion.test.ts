import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { wilson } from './proportion.ts';
import { GovernanceInputError } from './errors.ts';

describe('wilson', () => {
  // Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Stat Med 1998;17:857–872, Table II, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1.0],
  ])('%i/%i matches Newcombe (1998) to 4 decimals', (x, n, lo, hi) => {
    const w = wilson(x, n);
    expect(w.lower!).toBeCloseTo(lo, 4);
    expect(w.upper!).toBeCloseTo(hi, 4);
    expect(w.estimate).toBe(x / n);
  });

  it('is undefined (null, never NaN) for n = 0 and rejects impossible counts', () => {
    expect(wilson(0, 0)).toMatchObject({ estimate: null, lower: null, upper: null });
    expect(() => wilson(5, 4)).toThrow(GovernanceInputError);
    expect(() => wilson(-1, 4)).toThrow(GovernanceInputError);
    expect(() => wilson(1.5, 4)).toThrow(GovernanceInputError);
  });

  it('contains the point estimate and stays in [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (n, f, conf) => {
        const x = Math.floor(f * n);
        const w = wilson(x, n, conf);
        expect(w.lower!).toBeGreaterThanOrEqual(0);
        expect(w.upper!).toBeLessThanOrEqual(1);
        expect(w.lower!).toBeLessThanOrEqual(w.estimate! + 1e-12);
        expect(w.upper!).toBeGreaterThanOrEqual(w.estimate! - 1e-12);
      }),
    );
  });
});
