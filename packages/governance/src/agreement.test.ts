import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaBinary } from './agreement.ts';
import { GovernanceInputError } from './errors.ts';

describe("Cohen's kappa", () => {
  it('Fleiss & Paik (2003) large-sample SE: statpsych ci.kappa(.05, 31, 12, 4, 58)', () => {
    // Published output: Cohen kappa 0.6756757, SE 0.07344761, LL 0.5317210, UL 0.8196303.
    const k = cohenKappa([
      [31, 12],
      [4, 58],
    ]);
    expect(k.kappa!).toBeCloseTo(0.6756757, 7);
    expect(k.se!).toBeCloseTo(0.07344761, 8);
    expect(k.lower!).toBeCloseTo(0.531721, 6);
    expect(k.upper!).toBeCloseTo(0.8196303, 7);
  });

  it('Stata kapci/kap on a 2×2 of 1,932 patients: kappa 0.3412, SE 0.0263 (non-null), 0.0220 (null), z 15.48', () => {
    const k = cohenKappa([
      [1395, 118],
      [261, 158],
    ]);
    expect(k.kappa!).toBeCloseTo(0.3411969207847029, 12);
    expect(k.observedAgreement).toBeCloseTo(0.8038302277432712, 12);
    expect(k.expectedAgreement).toBeCloseTo(0.7022330671398995, 12);
    expect(k.se!).toBeCloseTo(0.0262913719660408, 10);
    expect(k.lower!).toBeCloseTo(0.2896667786271169, 8);
    expect(k.upper!).toBeCloseTo(0.3927270629422889, 8);
    expect(k.se0!).toBeCloseTo(0.0220367175735475, 10);
    expect(k.z!).toBeCloseTo(15.48310993440647, 6);
  });

  it('textbook 2×2 examples (Wikipedia, "Cohen\'s kappa"): 0.4, 0.1304, 0.2593', () => {
    expect(cohenKappa([[20, 5], [10, 15]]).kappa!).toBeCloseTo(0.4, 12);
    expect(cohenKappa([[45, 15], [25, 15]]).kappa!).toBeCloseTo(0.1304, 4);
    expect(cohenKappa([[25, 35], [5, 35]]).kappa!).toBeCloseTo(0.2593, 4);
  });

  it('from two decision vectors; perfect agreement = 1; one category only = null', () => {
    expect(cohenKappaBinary([1, 0, 1, 0], [1, 0, 1, 0]).kappa).toBe(1);
    expect(cohenKappaBinary([1, 1], [1, 1]).kappa).toBeNull();
    expect(() => cohenKappaBinary([1, 2], [1, 0])).toThrow(GovernanceInputError);
    expect(() => cohenKappa([[1, 2, 3]])).toThrow(GovernanceInputError);
  });
});
