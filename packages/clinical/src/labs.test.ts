import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANALYTES, PLAUSIBLE, labFlags, referenceChangeValue, type Analyte } from './labs.ts';
import { ClinicalInputError } from './errors.ts';

const one = (analyte: Analyte, value: number, ageYears = 50, sex: 'male' | 'female' = 'male', previousValue?: number) =>
  labFlags({ ageYears, sex, results: [previousValue === undefined ? { analyte, value } : { analyte, value, previousValue }] }).results[0]!;

describe('RCPath G158 (2017) critical limits', () => {
  const cases: Array<[Analyte, number, 'low' | 'high' | null, number?]> = [
    ['sodium', 120, 'low'], ['sodium', 121, null], ['sodium', 159, null], ['sodium', 160, 'high'],
    ['potassium', 2.5, 'low'], ['potassium', 2.6, null], ['potassium', 6.4, null], ['potassium', 6.5, 'high'],
    ['urea', 29.9, null], ['urea', 30, 'high'],
    ['creatinine', 353, null], ['creatinine', 354, 'high'],
    ['glucose', 2.5, 'low'], ['glucose', 2.6, null], ['glucose', 24.9, null], ['glucose', 25, 'high'],
    ['adjustedCalcium', 1.8, 'low'], ['adjustedCalcium', 1.81, null], ['adjustedCalcium', 3.49, null], ['adjustedCalcium', 3.5, 'high'],
    ['magnesium', 0.4, 'low'], ['magnesium', 0.41, null],
    ['phosphate', 0.3, 'low'], ['phosphate', 0.31, null],
    ['ck', 4999, null], ['ck', 5000, 'high'],
    ['crp', 299, null], ['crp', 300, 'high'],
    ['alt', 599, null], ['alt', 600, 'high'], // 15 × ULN 40
    ['amylase', 499, null], ['amylase', 500, 'high'], // 5 × ULN 100
  ];
  for (const [a, v, dir] of cases) it(`${a} ${v} → ${dir ?? 'not critical'}`, () => expect(one(a, v).critical?.direction ?? null).toBe(dir));
  it('children under 16 have their own sodium, urea, creatinine and glucose limits', () => {
    expect(one('sodium', 130, 10).critical?.direction).toBe('low');
    expect(one('urea', 10, 10).critical?.direction).toBe('high');
    expect(one('creatinine', 200, 10).critical?.direction).toBe('high');
    expect(one('glucose', 15, 10).critical?.direction).toBe('high');
    expect(one('glucose', 15, 16).critical).toBeNull();
  });
});

describe('haematology telephone ranges (Severn Pathology)', () => {
  it('Hb < 70 or > 190 g/L, platelets < 30 or > 1000, WBC > 50, neutrophils < 0.5', () => {
    expect(one('haemoglobin', 69, 40).critical?.direction).toBe('low');
    expect(one('haemoglobin', 70, 40).critical).toBeNull();
    expect(one('haemoglobin', 191, 40).critical?.direction).toBe('high');
    expect(one('platelets', 29).critical?.direction).toBe('low');
    expect(one('platelets', 30).critical).toBeNull();
    expect(one('platelets', 1001).critical?.direction).toBe('high');
    expect(one('wbc', 50).critical).toBeNull();
    expect(one('wbc', 50.1).critical?.direction).toBe('high');
    expect(one('neutrophils', 0.4).critical?.direction).toBe('low');
  });
});

describe('reference intervals (Pathology Harmony adult ranges)', () => {
  it('flags L/H/N at the interval ends, by sex where it differs', () => {
    expect(one('sodium', 132).flag).toBe('L');
    expect(one('sodium', 133).flag).toBe('N');
    expect(one('sodium', 146).flag).toBe('N');
    expect(one('sodium', 147).flag).toBe('H');
    expect(one('haemoglobin', 120, 40, 'male').flag).toBe('L');
    expect(one('haemoglobin', 120, 40, 'female').flag).toBe('N');
  });
  it('no default interval for children: says so', () => {
    const r = one('sodium', 140, 5);
    expect(r.flag).toBeNull();
    expect(r.explanation[0]!.note).toMatch(/no reference interval/);
  });
  it('a facility table replaces the default', () => {
    const r = labFlags({ ageYears: 5, sex: 'female', results: [{ analyte: 'sodium', value: 134 }] }, { referenceIntervals: [{ analyte: 'sodium', minAgeYears: 1, maxAgeYears: 18, low: 135, high: 145, source: 'facility' }] });
    expect(r.results[0]!.flag).toBe('L');
    expect(r.results[0]!.referenceInterval?.source).toBe('facility');
  });
});

describe('delta check by reference change value (Fraser 2001)', () => {
  it('RCV = √2 × 1.96 × √(CVa² + CVi²): CVa 3 %, CVi 4 % → 13.86 %', () => {
    expect(referenceChangeValue(3, 4)).toBeCloseTo(13.859, 3);
  });
  it('creatinine 100 → 120 µmol/L (+20 %) exceeds the RCV of 18.4 %; → 115 does not', () => {
    const d = one('creatinine', 120, 50, 'male', 100).delta!;
    expect(d.rcvPercent).toBe(18.4);
    expect(d.significant).toBe(true);
    expect(one('creatinine', 115, 50, 'male', 100).delta!.significant).toBe(false);
  });
});

describe('property tests', () => {
  it('every valid result gives flags without NaN', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ANALYTES), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 110 }), fc.constantFrom('male' as const, 'female' as const), (a, f, age, sex) => {
        const [lo, hi] = PLAUSIBLE[a];
        const v = lo + f * (hi - lo);
        const r = labFlags({ ageYears: age, sex, results: [{ analyte: a, value: v, previousValue: lo + (1 - f) * (hi - lo) }] });
        return !JSON.stringify(r).includes('NaN') && r.results.length === 1;
      }),
      { numRuns: 300 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, Record<string, unknown>]>(
      ['ageYears', { ageYears: 'old' }], ['sex', { sex: 'x' }], ['results', { results: {} }],
      ['results[0].analyte', { results: [{ analyte: 'lipase', value: 3 }] }],
      ['results[0].value', { results: [{ analyte: 'sodium', value: Number.NaN }] }],
      ['results[0].value', { results: [{ analyte: 'sodium', value: 20 }] }],
      ['results[0].previousValue', { results: [{ analyte: 'sodium', value: 140, previousValue: '139' }] }],
    );
    fc.assert(
      fc.property(bad, ([field, patch]) => {
        try {
          labFlags({ ageYears: 30, sex: 'female', results: [{ analyte: 'sodium', value: 140 }], ...patch });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
