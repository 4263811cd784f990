import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { respiratory } from './respiratory.ts';
import { ClinicalInputError } from './errors.ts';

describe('Kigali modification: S/F ≤ 315 with SpO2 ≤ 97 %', () => {
  it('S/F 315 is hypoxaemia, 315.8 is not; SpO2 98 % is not interpretable', () => {
    expect(respiratory({ spo2: 94.5, fio2: 0.3 }).sfRatio).toBe(315);
    expect(respiratory({ spo2: 94.5, fio2: 0.3 }).kigaliHypoxaemia).toBe(true);
    expect(respiratory({ spo2: 90, fio2: 0.285 }).sfRatio).toBe(315.8);
    expect(respiratory({ spo2: 90, fio2: 0.285 }).kigaliHypoxaemia).toBe(false);
    expect(respiratory({ spo2: 98, fio2: 0.5 }).kigaliHypoxaemia).toBeNull();
  });
});

describe('Global ARDS definition 2024 (Matthay et al.), intubated severity', () => {
  const intub = (spo2: number, fio2: number) => respiratory({ spo2, fio2, intubated: true }).ards;
  it('S/F bands 148 / 235 / 315', () => {
    expect(intub(59.2, 0.4).severity).toBe('severe'); // 148
    expect(intub(59.6, 0.4).severity).toBe('moderate'); // 149
    expect(intub(94, 0.4).severity).toBe('moderate'); // 235
    expect(intub(94.4, 0.4).severity).toBe('mild'); // 236
    expect(intub(94.5, 0.3).severity).toBe('mild'); // 315
    expect(intub(95, 0.3)).toMatchObject({ severity: null, oxygenationCriterionMet: false }); // 316.7
  });
  it('P/F bands 100 / 200 / 300 take precedence over S/F', () => {
    const pf = (pao2: number) => respiratory({ pao2MmHg: pao2, spo2: 99, fio2: 0.5, intubated: true }).ards;
    expect(pf(50).severity).toBe('severe');
    expect(pf(50.5).severity).toBe('moderate');
    expect(pf(100).severity).toBe('moderate');
    expect(pf(100.5).severity).toBe('mild');
    expect(pf(150).severity).toBe('mild');
    expect(pf(150.5)).toMatchObject({ severity: null, oxygenationCriterionMet: false, basis: 'PaO2/FiO2' });
  });
  it('non-intubated needs HFNO ≥ 30 L/min or PEEP ≥ 5 and is not graded; resource-limited needs neither', () => {
    expect(respiratory({ spo2: 90, fio2: 0.5, hfnoFlowLpm: 30 }).ards).toMatchObject({ category: 'non-intubated', oxygenationCriterionMet: true, severity: null });
    expect(respiratory({ spo2: 90, fio2: 0.5, hfnoFlowLpm: 29 }).ards.category).toBeNull();
    expect(respiratory({ spo2: 90, fio2: 0.5, peepCmH2O: 5 }).ards.category).toBe('non-intubated');
    expect(respiratory({ spo2: 90, fio2: 0.5, resourceLimited: true }).ards).toMatchObject({ category: 'resource-limited', oxygenationCriterionMet: true });
  });
});

describe('qSOFA (Sepsis-3)', () => {
  it('RR ≥ 22, GCS < 15, SBP ≤ 100; positive at ≥ 2', () => {
    expect(respiratory({ respRate: 22, systolicBP: 100, gcs: 15 }).qsofa).toMatchObject({ score: 2, positive: true });
    expect(respiratory({ respRate: 21, systolicBP: 101, gcs: 15 }).qsofa).toMatchObject({ score: 0, positive: false });
    expect(respiratory({ respRate: 21, systolicBP: 101, gcs: 14 }).qsofa).toMatchObject({ score: 1, positive: false });
    expect(respiratory({ respRate: 30, systolicBP: 80, alteredMentation: true }).qsofa!.score).toBe(3);
  });
});

describe('property tests', () => {
  it('every valid input gives a result with no NaN', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 100, noNaN: true }), fc.double({ min: 0.21, max: 1, noNaN: true }), fc.boolean(), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 20, max: 300 }), fc.integer({ min: 3, max: 15 }), (spo2, fio2, intubated, respRate, systolicBP, gcs) => {
        const r = respiratory({ spo2, fio2, intubated, respRate, systolicBP, gcs });
        return !JSON.stringify(r).includes('NaN') && r.sfRatio !== null && r.qsofa !== null;
      }),
      { numRuns: 300 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, Record<string, unknown>]>(
      ['fio2', { spo2: 90, fio2: 40 }], ['fio2', { spo2: 90 }], ['spo2', { spo2: 120, fio2: 0.5 }], ['spo2', { spo2: 'low', fio2: 0.5 }],
      ['gcs', { respRate: 20, systolicBP: 120, gcs: 14.5 }], ['systolicBP', { respRate: 20, gcs: 15 }], ['intubated', { spo2: 90, fio2: 0.5, intubated: 'yes' }],
    );
    fc.assert(
      fc.property(bad, ([field, inp]) => {
        try {
          respiratory(inp);
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
