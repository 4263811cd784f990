import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { satsColour, tewsHeartRate, tewsRespRate, tewsSystolicBP, tewsTemperature, tewsAvpu, triage, RED_SIGNS_ADULT, YELLOW_SIGNS_ADULT } from './triage.ts';
import { ClinicalInputError } from './errors.ts';

describe('SATS adult TEWS boundaries', () => {
  it('respiratory rate', () => {
    for (const [v, p] of [[8, 2], [9, 0], [14, 0], [15, 1], [20, 1], [21, 2], [29, 2], [30, 3]]) expect(tewsRespRate(v!)).toBe(p);
  });
  it('heart rate', () => {
    for (const [v, p] of [[40, 2], [41, 1], [50, 1], [51, 0], [100, 0], [101, 1], [110, 1], [111, 2], [129, 2], [130, 3]]) expect(tewsHeartRate(v!)).toBe(p);
  });
  it('systolic BP', () => {
    for (const [v, p] of [[70, 3], [71, 2], [80, 2], [81, 1], [100, 1], [101, 0], [199, 0], [200, 2]]) expect(tewsSystolicBP(v!)).toBe(p);
  });
  it('temperature and AVPU', () => {
    for (const [v, p] of [[34.9, 2], [35, 0], [38.4, 0], [38.5, 2]]) expect(tewsTemperature(v!)).toBe(p);
    expect(['A', 'C', 'V', 'P', 'U'].map((a) => tewsAvpu(a as 'A'))).toEqual([0, 1, 1, 2, 3]);
  });
  it('colours 0–2 green, 3–4 yellow, 5–6 orange, ≥ 7 red', () => {
    expect([2, 3, 4, 5, 6, 7].map(satsColour)).toEqual(['green', 'yellow', 'yellow', 'orange', 'orange', 'red']);
  });
});

const calm = { heartRate: 80, respRate: 14, spo2: 98, temperatureC: 37, systolicBP: 120, avpu: 'A' as const };

describe('IITT ≥ 12 years', () => {
  it('no criteria and TEWS 0 → green, 4 hours', () => {
    const r = triage({ ageYears: 30, vitals: calm, mobility: 'walking', trauma: false });
    expect([r.category, r.tews!.score, r.targetMinutes]).toEqual(['green', 0, 240]);
  });
  it('each red sign → red, immediate', () => {
    for (const s of RED_SIGNS_ADULT) expect(triage({ ageYears: 30, signs: [s] }).category).toBe('red');
  });
  it('each yellow sign → yellow', () => {
    for (const s of YELLOW_SIGNS_ADULT) expect(triage({ ageYears: 30, signs: [s] }).category).toBe('yellow');
  });
  it('HR < 50 or > 150 is red; < 60 or > 130 is yellow', () => {
    expect(triage({ ageYears: 40, vitals: { heartRate: 49 } }).category).toBe('red');
    expect(triage({ ageYears: 40, vitals: { heartRate: 50 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { heartRate: 59 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { heartRate: 60 } }).category).toBe('green');
    expect(triage({ ageYears: 40, vitals: { heartRate: 130 } }).category).toBe('green');
    expect(triage({ ageYears: 40, vitals: { heartRate: 131 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { heartRate: 151 } }).category).toBe('red');
  });
  it('RR < 10 or > 30, temp < 36 or > 39, SpO2 < 92, AVPU not A → yellow', () => {
    expect(triage({ ageYears: 40, vitals: { respRate: 9 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { respRate: 10 } }).category).toBe('green');
    expect(triage({ ageYears: 40, vitals: { respRate: 31 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { temperatureC: 35.9 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { temperatureC: 39 } }).category).toBe('green');
    expect(triage({ ageYears: 40, vitals: { spo2: 91 } }).category).toBe('yellow');
    expect(triage({ ageYears: 40, vitals: { spo2: 92 } }).category).toBe('green');
    expect(triage({ ageYears: 40, vitals: { avpu: 'V' } }).category).toBe('yellow');
  });
  it('any two of altered mental status, stiff neck, hypothermia/fever → red', () => {
    expect(triage({ ageYears: 25, signs: ['stiff-neck'], vitals: { temperatureC: 39.5 } }).category).toBe('red');
    expect(triage({ ageYears: 25, signs: ['stiff-neck'] }).category).toBe('yellow');
  });
  it('pregnant with SBP ≥ 160 → red', () => {
    expect(triage({ ageYears: 28, pregnant: true, vitals: { systolicBP: 160 } }).category).toBe('red');
    expect(triage({ ageYears: 28, pregnant: true, vitals: { systolicBP: 159, diastolicBP: 109 } }).category).toBe('green');
  });
  it('TEWS up-triages: TEWS 5 with no IITT criteria → yellow within 10 minutes; TEWS ≥ 7 → red', () => {
    const r = triage({ ageYears: 60, vitals: { ...calm, respRate: 22, heartRate: 105, temperatureC: 38.6 }, mobility: 'walking', trauma: false });
    expect([r.iittColour, r.tews!.score, r.category, r.targetMinutes]).toEqual(['green', 5, 'yellow', 10]);
    const s = triage({ ageYears: 60, vitals: { ...calm, respRate: 25, heartRate: 115, temperatureC: 38.6, systolicBP: 95 }, mobility: 'with-help', trauma: false });
    expect([s.tews!.score, s.category, s.targetMinutes]).toEqual([8, 'red', 0]);
  });
});

describe('IITT < 12 years', () => {
  it('emergency signs red; tiny babies yellow; unknown adult-only sign rejected', () => {
    expect(triage({ ageYears: 3, signs: ['severe-dehydration'] }).category).toBe('red');
    expect(triage({ ageYears: 0.1 }).category).toBe('yellow');
    expect(triage({ ageYears: 3 }).category).toBe('green');
    expect(triage({ ageYears: 3 }).tews).toBeNull();
    expect(() => triage({ ageYears: 3, signs: ['ecg-acute-ischaemia'] })).toThrow(ClinicalInputError);
  });
  it('age-specific limits apply when the facility card supplies them', () => {
    const limits = { rows: [{ maxAgeYears: 5, heartRate: [80, 160] as [number, number], respRate: [20, 50] as [number, number] }] };
    expect(triage({ ageYears: 3, vitals: { heartRate: 170 } }, { childVitalLimits: limits }).category).toBe('yellow');
    expect(triage({ ageYears: 3, vitals: { heartRate: 170 } }).category).toBe('green');
  });
});

describe('property tests', () => {
  it('every valid input gives a category and a target time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 20, max: 250 }), fc.integer({ min: 4, max: 60 }), fc.integer({ min: 50, max: 250 }), fc.double({ min: 30, max: 42, noNaN: true }), fc.constantFrom('A' as const, 'C' as const, 'V' as const, 'P' as const, 'U' as const), fc.constantFrom('walking' as const, 'with-help' as const, 'stretcher' as const), fc.boolean(),
        (age, hr, rr, sbp, t, avpu, mobility, trauma) => {
          const r = triage({ ageYears: age, vitals: { heartRate: hr, respRate: rr, systolicBP: sbp, temperatureC: t, avpu, spo2: 95 }, mobility, trauma });
          return ['red', 'yellow', 'green'].includes(r.category) && Number.isFinite(r.targetMinutes) && !JSON.stringify(r).includes('NaN');
        }),
      { numRuns: 300 },
    );
  });
  it('every invalid field gives a ClinicalInputError naming it', () => {
    const bad = fc.constantFrom<[string, Record<string, unknown>]>(
      ['ageYears', { ageYears: 'x' }], ['signs[0]', { signs: ['dizzy'] }], ['signs', { signs: 'stridor' }], ['vitals.heartRate', { vitals: { heartRate: -1 } }],
      ['vitals.avpu', { vitals: { avpu: 'Z' } }], ['mobility', { mobility: 'running' }], ['trauma', { trauma: 'no' }],
    );
    fc.assert(
      fc.property(bad, ([field, patch]) => {
        try {
          triage({ ageYears: 30, ...patch });
          return false;
        } catch (e) {
          return e instanceof ClinicalInputError && e.field === field;
        }
      }),
    );
  });
});
