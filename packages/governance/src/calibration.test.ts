import { describe, expect, it } from 'vitest';
import { calibration } from './calibration.ts';
import { GovernanceInputError } from './errors.ts';

describe('calibration', () => {
  it('reliability bins, Brier, ECE and MCE on a hand-computable set', () => {
    // Two bins: [0, .5): p = .2, .2, .4 with labels 0, 1, 0; [.5, 1]: p = .8, 1 with labels 1, 1.
    const c = calibration([0.2, 0.2, 0.4, 0.8, 1], [0, 1, 0, 1, 1], 2);
    expect(c.bins[0]).toMatchObject({ lower: 0, upper: 0.5, count: 3 });
    expect(c.bins[0]!.meanPredicted).toBeCloseTo(0.8 / 3, 12);
    expect(c.bins[0]!.observed.estimate).toBeCloseTo(1 / 3, 12);
    expect(c.bins[1]!.meanPredicted).toBeCloseTo(0.9, 12);
    expect(c.bins[1]!.observed.estimate).toBe(1);
    // Brier = (.04 + .64 + .16 + .04 + 0) / 5 = 0.176
    expect(c.brier).toBeCloseTo(0.176, 12);
    // ECE = 3/5·|1/3 − 0.8/3| + 2/5·|1 − 0.9| = 0.04 + 0.04 = 0.08; MCE = 0.1
    expect(c.ece).toBeCloseTo(0.08, 12);
    expect(c.mce).toBeCloseTo(0.1, 12);
  });

  it('perfectly calibrated bins give ECE 0; scores outside [0,1] are rejected', () => {
    const c = calibration([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [1, 0, 0, 0, 1, 1, 1, 0], 2);
    expect(c.ece).toBeCloseTo(0, 12);
    expect(() => calibration([1.2], [1])).toThrow(GovernanceInputError);
  });
});
