import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tbScreen } from './tb.ts';
import { ClinicalInputError } from './errors.ts';

const none = { cough: false, fever: false, weightLoss: false, nightSweats: false };

describe('WHO 2021 Module 2: four-symptom screen', () => {
  for (const k of ['cough', 'fever', 'weightLoss', 'nightSweats'] as const) {
    it(`${k} alone makes the W4SS positive → refer for a molecular test`, () => {
      const r = tbScreen({ ageYears: 35, hiv: true, symptoms: { ...none, [k]: true } });
      expect(r.decision).toBe('refer-molecular-test');
      expect(r.symptomScreen).toEqual({ variant: 'W4SS', positive: true, positives: [k] });
      expect(r.reasons[0]!.vi).toMatch(/dương tính/);
    });
  }
  it('all negative → no further evaluation', () => {
    const r = tbScreen({ ageYears: 35, symptoms: none });
    expect(r.decision).toBe('no-further-evaluation');
  });
});

describe('children (< 10 y)', () => {
  it('uses cough, fever, poor weight gain and TB contact', () => {
    expect(tbScreen({ ageYears: 6, hiv: true, symptoms: { tbContact: true } }).decision).toBe('refer-molecular-test');
    expect(tbScreen({ ageYears: 6, symptoms: { poorWeightGain: true } }).symptomScreen.variant).toBe('child');
    expect(tbScreen({ ageYears: 6, symptoms: { nightSweats: true, cough: false } }).decision).toBe('no-further-evaluation');
    expect(tbScreen({ ageYears: 10, symptoms: { nightSweats: true } }).decision).toBe('refer-molecular-test');
  });
});

describe('chest X-ray CAD (ages ≥ 15, locally set threshold)', () => {
  it('score ≥ threshold is abnormal; below is not', () => {
    expect(tbScreen({ ageYears: 15, symptoms: none, cad: { score: 50, threshold: 50 } }).decision).toBe('refer-molecular-test');
    expect(tbScreen({ ageYears: 15, symptoms: none, cad: { score: 49.9, threshold: 50 } }).decision).toBe('no-further-evaluation');
  });
  it('under 15 the CAD score is not used', () => {
    const r = tbScreen({ ageYears: 14, symptoms: none, cad: { score: 90, threshold: 50 } });
    expect([r.decision, r.cad]).toEqual(['no-further-evaluation', null]);
  });
  it('CRP > 5 mg/L screens adults with HIV', () => {
    expect(tbScreen({ ageYears: 30, hiv: true, symptoms: none, crpMgL: 5.1 }).decision).toBe('refer-molecular-test');
    expect(tbScreen({ ageYears: 30, hiv: true, symptoms: none, crpMgL: 5 }).decision).toBe('no-further-evaluation');
    expect(tbScreen({ ageYears: 30, hiv: false, symptoms: none, crpMgL: 50 }).decision).toBe('no-further-evaluation');
  });
});

describe('property tests', () => {
  it('every valid input gives a decision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.double({ min: 0, max: 100, noNaN: true }), (age, cough, fever, wl, ns, score) => {
        const r = tbScreen({ ageYears: age, symptoms: { cough, fever, weightLoss: wl, nightSweats: ns }, cad: { score, threshold: 60 } });
        return (r.decision === 'refer-molecular-test') === r.reasons.length > 1 && !JSON.stringify(r).includes('NaN');
      }),
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, Record<string, unknown>]>(
      ['ageYears', { ageYears: -2 }], ['symptoms.cough', { symptoms: { cough: 'yes' } }], ['cad.score', { cad: { score: 'x', threshold: 1 } }],
      ['cad.threshold', { cad: { score: 1 } }], ['symptoms', { symptoms: {} }], ['hiv', { hiv: 1 }], ['crpMgL', { crpMgL: -1 }],
    );
    fc.assert(
      fc.property(bad, ([field, patch]) => {
        try {
          tbScreen({ ageYears: 40, symptoms: { cough: false }, ...patch });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
